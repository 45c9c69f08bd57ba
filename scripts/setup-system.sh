#!/usr/bin/env bash
# Installs the Debian packages pyc2c's own build needs, pinned, when they are missing.
# Usage: scripts/setup-system.sh [fuzz]   ("fuzz" adds clang and its sanitizer/libFuzzer runtime)
set -euo pipefail
want=()
[ -f /usr/include/tree_sitter/api.h ] || want+=("libtree-sitter-dev=0.20.7-1")
# headless Chromium: tests/test_annotate_browser.py renders and clicks the annotate page
# (Debian's security archive keeps only its newest build: if the pinned one is gone, the current
# bookworm-security build is installed instead, with a note, rather than failing the setup.)
CHROMIUM_PIN="156.0.8078.114-1~deb12u1"
need_chromium=0
want_shown=()
command -v chromium >/dev/null 2>&1 || need_chromium=1
if [ "${1:-}" = fuzz ]; then
  command -v clang-14 >/dev/null 2>&1 || want+=("clang-14")
  ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || want+=("libclang-rt-14-dev")
fi
[ ${#want[@]} -eq 0 ] && [ "$need_chromium" -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
[ "$need_chromium" -eq 0 ] || want_shown=("${want[@]}" "chromium=$CHROMIUM_PIN")
echo "setup: installing Debian packages: ${want_shown[*]:-${want[*]}}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
[ ${#want[@]} -eq 0 ] || $sudo apt-get install -y -qq --no-install-recommends "${want[@]}"
if [ "$need_chromium" -eq 1 ]; then
  if ! $sudo apt-get install -y -qq --no-install-recommends "chromium=$CHROMIUM_PIN"; then
    echo "setup: chromium $CHROMIUM_PIN is no longer in Debian's archive; installing its current build"
    $sudo apt-get install -y -qq --no-install-recommends chromium
  fi
fi
