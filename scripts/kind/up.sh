#!/usr/bin/env bash
# make kind-up: a Kind cluster with a local registry container wired into its nodes,
# following Kind's documented local-registry set-up. Safe to run again.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_tools docker kind kubectl

log "registry ${REGISTRY_NAME} on ${REGISTRY_HOST_ADDRESS}"
if [[ "$(query false docker inspect -f '{{.State.Running}}' "${REGISTRY_NAME}" 2>/dev/null || true)" != true ]]; then
  run docker run -d --restart=always -p "127.0.0.1:${REGISTRY_PORT}:5000" --network bridge --name "${REGISTRY_NAME}" registry:2
fi

log "cluster ${KIND_CLUSTER_NAME}"
if ! query "" kind get clusters | grep -qx "${KIND_CLUSTER_NAME}"; then
  run kind create cluster --name "${KIND_CLUSTER_NAME}" --config "${KIND_DEPLOY}/cluster.yaml" --wait 120s
fi

log "containerd on each node pulls localhost:${REGISTRY_PORT}/… from ${REGISTRY_CLUSTER_ADDRESS}"
hosts_dir="/etc/containerd/certs.d/${REGISTRY_HOST_ADDRESS}"
for node in $(query "${KIND_CLUSTER_NAME}-control-plane ${KIND_CLUSTER_NAME}-worker" kind get nodes --name "${KIND_CLUSTER_NAME}"); do
  run docker exec "${node}" mkdir -p "${hosts_dir}"
  run_stdin "${KIND_DEPLOY}/containerd-hosts.toml" docker exec -i "${node}" cp /dev/stdin "${hosts_dir}/hosts.toml"
done

log "registry joins the kind network as ${REGISTRY_CLUSTER_ADDRESS}"
if [[ "$(query null docker inspect -f '{{json .NetworkSettings.Networks.kind}}' "${REGISTRY_NAME}")" == null ]]; then
  run docker network connect kind "${REGISTRY_NAME}"
fi

run kubectl --context "${KUBE_CONTEXT}" apply -f "${KIND_DEPLOY}/local-registry-hosting.yaml"
log "cluster ${KIND_CLUSTER_NAME} is up (kubectl context ${KUBE_CONTEXT})"
