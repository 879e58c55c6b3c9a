#!/usr/bin/env bash
# Installs the Debian packages the test suite runs against, when missing:
# the CNCF distribution registry, skopeo, htpasswd, shellcheck and openssl.
set -euo pipefail

declare -A PACKAGE_OF=(
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [htpasswd]=apache2-utils
  [shellcheck]=shellcheck
  [openssl]=openssl
)

missing=()
for command in "${!PACKAGE_OF[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${PACKAGE_OF[$command]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "missing packages: ${missing[*]}; install them with apt-get as root" >&2
  exit 1
fi
echo "installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
