#!/usr/bin/env bash
# Builds kube-apiserver once per machine into a cache outside the repository, for the tests
# that run against a real Kubernetes API server. No package registry ships the binary, so it
# is built from k8s.io/kubernetes on the Go module proxy through a throwaway wrapper module:
# k8s.io/kubernetes replaces its staging modules with local folders, which a dependant cannot
# use, so the wrapper replaces each of them with the published module of the same release.
# Prints the binary's path on stdout; progress goes to stderr.
set -euo pipefail

VERSION="${KUBE_VERSION:-1.36.3}"
STAGING_VERSION="v0.${VERSION#1.}"
CACHE="${WARDENKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wardenkit}/kube-apiserver-v$VERSION"
BINARY="$CACHE/kube-apiserver"

if [ -x "$BINARY" ] && "$BINARY" --version >/dev/null 2>&1; then
  echo "$BINARY"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "kube-apiserver: Go is needed to build it (https://go.dev/dl)" >&2; exit 1; }

mkdir -p "$CACHE"
# One build per machine at a time: a second run waits here, then finds the binary built.
exec 9>"$CACHE/.build.lock"
flock 9
if [ -x "$BINARY" ] && "$BINARY" --version >/dev/null 2>&1; then
  echo "$BINARY"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
echo "kube-apiserver v$VERSION: not cached, building it into $CACHE (about 30 min on 2 cores, once per machine)" >&2
go mod init wardenkit.local/kube-apiserver-build >/dev/null 2>&1
gomod="$(go mod download -json "k8s.io/kubernetes@v$VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
[ -n "$gomod" ] || { echo "kube-apiserver: cannot download k8s.io/kubernetes@v$VERSION" >&2; exit 1; }
{
  echo "require k8s.io/kubernetes v$VERSION"
  # "k8s.io/api => ./staging/src/k8s.io/api" becomes "k8s.io/api => k8s.io/api v0.x.y"
  sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\) => \./staging/.*#replace \1 => \1 '"$STAGING_VERSION"'#p' "$gomod"
} >> go.mod
echo "kube-apiserver: $(grep -c '^replace' go.mod) staging modules pinned to $STAGING_VERSION; resolving dependencies" >&2
# The import keeps tidy from dropping the pinned k8s.io/kubernetes requirement.
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
go mod tidy >&2
echo "kube-apiserver: compiling (progress: one line per package with -v)" >&2
major="${VERSION%%.*}"; rest="${VERSION#*.}"; minor="${rest%%.*}"
go build -v -trimpath \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$VERSION -X k8s.io/component-base/version.gitMajor=$major -X k8s.io/component-base/version.gitMinor=$minor" \
  -o "$BINARY.partial" k8s.io/kubernetes/cmd/kube-apiserver 2>&1 | awk '{ n++; if (n % 100 == 0) printf "kube-apiserver: %d packages compiled\n", n > "/dev/stderr" }'
[ -x "$BINARY.partial" ] || { echo "kube-apiserver: the build failed" >&2; exit 1; }
mv "$BINARY.partial" "$BINARY"
echo "kube-apiserver: built $("$BINARY" --version)" >&2
echo "$BINARY"
