#!/usr/bin/env bash
# make kind-down: deletes the Kind cluster and the registry container (and its images).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_tools docker kind

run kind delete cluster --name "${KIND_CLUSTER_NAME}"
if [[ -n "$(query "${REGISTRY_NAME}" docker ps -aq --filter "name=^${REGISTRY_NAME}$")" ]]; then
  run docker rm -f "${REGISTRY_NAME}"
fi
