#!/usr/bin/env bash
# Builds the wasmtime engine of engine/ (the wapc and wasmtime-provider crates policy-server
# runs modules with) into a cargo target directory in the cache outside the repository, so it
# is built once per machine and later runs only check that it is current.
# cargo knows sources by their path: built from each checkout's own engine/, every checkout
# (and clone) would rebuild it in turn and replace the binary while another's tests run it.
# So the sources are first copied, file by file and only when their content differs, to one
# folder in the cache, and built from there, one build at a time (flock).
# Prints the binary's path on stdout; progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${WARDENKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wardenkit}"
TARGET="$CACHE/engine-target"
SOURCE="$CACHE/engine-source"
BINARY="$TARGET/release/wardenkit-engine"

command -v cargo >/dev/null 2>&1 || { echo "engine: cargo is needed to build it (https://rustup.rs)" >&2; exit 1; }
mkdir -p "$SOURCE"
exec 9>"$CACHE/engine.lock"
flock 9

# engine/ into SOURCE: changed files replaced (so cargo sees them as new), removed ones removed.
(cd "$ROOT/engine" && find . -path ./target -prune -o -type f -print) | while read -r file; do
  if ! cmp -s "$ROOT/engine/$file" "$SOURCE/$file"; then
    mkdir -p "$(dirname "$SOURCE/$file")"
    cp "$ROOT/engine/$file" "$SOURCE/$file.partial" && mv "$SOURCE/$file.partial" "$SOURCE/$file"
  fi
done
(cd "$SOURCE" && find . -type f -print) | while read -r file; do
  [ -e "$ROOT/engine/$file" ] || rm -f "$SOURCE/$file"
done

if [ ! -x "$BINARY" ]; then
  echo "engine: not built yet; building it into $TARGET (10-20 min on 2 cores, once per machine)" >&2
fi
started=$SECONDS
CARGO_TARGET_DIR="$TARGET" cargo build --release --locked --manifest-path "$SOURCE/Cargo.toml" >&2
[ -x "$BINARY" ] || { echo "engine: cargo finished but $BINARY is missing" >&2; exit 1; }
if [ $((SECONDS - started)) -gt 5 ]; then echo "engine: built in $((SECONDS - started)) s" >&2; fi
echo "$BINARY"
