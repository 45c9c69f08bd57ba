#!/usr/bin/env bash
# Fetches the tree-sitter Python grammar's C sources (pinned sdists, hash-checked) into DEST.
# Nothing fetched here is committed: DEST is under build/, which git ignores.
set -euo pipefail
dest=${1:?usage: fetch-grammar.sh DEST}
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-python3}
rm -rf "$dest.tmp" && mkdir -p "$dest.tmp/dl"
"$py" -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
  --require-hashes -r "$here/grammar-requirements.txt" -d "$dest.tmp/dl"
tar -xzf "$dest.tmp"/dl/tree_sitter_python-0.23.6.tar.gz -C "$dest.tmp"
tar -xzf "$dest.tmp"/dl/tree-sitter-0.23.2.tar.gz -C "$dest.tmp"
mkdir -p "$dest.tmp/src/tree_sitter"
cp "$dest.tmp"/tree_sitter_python-0.23.6/src/parser.c "$dest.tmp"/tree_sitter_python-0.23.6/src/scanner.c "$dest.tmp/src/"
for h in parser.h array.h alloc.h ts_assert.h; do
  cp "$dest.tmp/tree-sitter-0.23.2/tree_sitter/core/lib/src/$h" "$dest.tmp/src/tree_sitter/"
done
rm -rf "$dest" && mkdir -p "$dest" && mv "$dest.tmp/src" "$dest/src" && rm -rf "$dest.tmp"
echo "setup: grammar sources in $dest/src"
