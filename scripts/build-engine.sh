#!/usr/bin/env bash
# Builds the wasmtime engine of engine/ (the wapc and wasmtime-provider crates policy-server
# runs modules with) into a cargo target directory in the cache outside the repository, so it
# is built once per machine and later runs only check that it is current.
# Prints the binary's path on stdout; progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${WARDENKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wardenkit}/engine-target"
BINARY="$TARGET/release/wardenkit-engine"

command -v cargo >/dev/null 2>&1 || { echo "engine: cargo is needed to build it (https://rustup.rs)" >&2; exit 1; }
if [ ! -x "$BINARY" ]; then
  echo "engine: not built yet; building it into $TARGET (10-20 min on 2 cores, once per machine)" >&2
fi
started=$SECONDS
CARGO_TARGET_DIR="$TARGET" cargo build --release --locked --manifest-path "$ROOT/engine/Cargo.toml" >&2
[ -x "$BINARY" ] || { echo "engine: cargo finished but $BINARY is missing" >&2; exit 1; }
if [ $((SECONDS - started)) -gt 5 ]; then echo "engine: built in $((SECONDS - started)) s" >&2; fi
echo "$BINARY"
