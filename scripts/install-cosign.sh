#!/usr/bin/env bash
# Builds cosign once per machine into a cache outside the repository, for the tests that check
# wardenkit's signatures against the real cosign. cosign 2.x writes and reads signatures in the
# `sha256-<hex>.sig` tag, the format policy-server's sigstore crate verifies. No package
# registry reached here ships the binary, so it is built from the Go module proxy.
# Prints the binary's path on stdout; progress goes to stderr.
set -euo pipefail

VERSION="${COSIGN_VERSION:-2.6.5}"
CACHE="${WARDENKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wardenkit}/cosign-v$VERSION"
BINARY="$CACHE/cosign"

if [ -x "$BINARY" ] && "$BINARY" version >/dev/null 2>&1; then
  echo "$BINARY"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "cosign: Go is needed to build it (https://go.dev/dl)" >&2; exit 1; }

mkdir -p "$CACHE"
# One build per machine at a time: a second run waits here, then finds the binary built.
exec 9>"$CACHE/.build.lock"
flock 9
if [ -x "$BINARY" ] && "$BINARY" version >/dev/null 2>&1; then
  echo "$BINARY"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "cosign v$VERSION: not cached, building it into $CACHE (a few minutes on 2 cores, once per machine)" >&2
GOBIN="$work" go install -trimpath "github.com/sigstore/cosign/v2/cmd/cosign@v$VERSION" >&2
[ -x "$work/cosign" ] || { echo "cosign: the build failed" >&2; exit 1; }
mv "$work/cosign" "$BINARY"
echo "cosign: built $("$BINARY" version 2>/dev/null | sed -n 's/^GitVersion: *//p')" >&2
echo "$BINARY"
