#!/usr/bin/env bash
# Installs what the test suite runs against, when missing: the Debian packages (the CNCF
# distribution registry, skopeo, htpasswd, shellcheck, openssl, etcd), kube-apiserver and
# cosign, which scripts/install-kube-apiserver.sh and scripts/install-cosign.sh build once per
# machine. Progress goes to stderr.
set -euo pipefail

declare -A PACKAGE_OF=(
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [htpasswd]=apache2-utils
  [shellcheck]=shellcheck
  [openssl]=openssl
  [etcd]=etcd-server
)

install_packages() {
  local missing=()
  for command in "${!PACKAGE_OF[@]}"; do
    command -v "$command" >/dev/null 2>&1 || missing+=("${PACKAGE_OF[$command]}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "missing packages: ${missing[*]}; install them with apt-get as root" >&2
    exit 1
  fi
  echo "installing ${missing[*]}" >&2
  # Another install on the machine (another run's, or the system's) holds dpkg's lock: wait for it.
  local wait_lock=(-o DPkg::Lock::Timeout=600)
  "${sudo[@]}" apt-get "${wait_lock[@]}" update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get "${wait_lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >&2
}

install_packages
# The binary's path on stdout is for callers of those scripts; here only the build matters.
"$(dirname "$0")/install-kube-apiserver.sh" >/dev/null
"$(dirname "$0")/install-cosign.sh" >/dev/null
