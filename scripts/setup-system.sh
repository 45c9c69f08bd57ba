#!/usr/bin/env bash
# Installs the Debian packages pyc2c's own build needs, pinned, when they are missing.
# Usage: scripts/setup-system.sh [fuzz]   ("fuzz" adds clang and its sanitizer/libFuzzer runtime)
set -euo pipefail
want=()
[ -f /usr/include/tree_sitter/api.h ] || want+=("libtree-sitter-dev=0.20.7-1")
# headless Chromium: tests/test_annotate_browser.py renders and clicks the annotate page
command -v chromium >/dev/null 2>&1 || want+=("chromium=156.0.8078.114-1~deb12u1")
if [ "${1:-}" = fuzz ]; then
  command -v clang-14 >/dev/null 2>&1 || want+=("clang-14")
  ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || want+=("libclang-rt-14-dev")
fi
[ ${#want[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing Debian packages: ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${want[@]}"
