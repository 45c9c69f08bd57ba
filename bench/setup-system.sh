#!/usr/bin/env bash
# Installs the Debian packages the benchmark peers need, pinned, when they are missing:
# Pythran compiles its C++ with g++. (gcc and its OpenMP runtime come with pyc2c's own setup.)
set -euo pipefail
want=()
command -v g++ >/dev/null 2>&1 || want+=("g++-12=12.2.0-14+deb12u1" "g++=4:12.2.0-3")
[ ${#want[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "bench: installing Debian packages: ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${want[@]}"
