#!/usr/bin/env bash
# make kind-kubewarden: installs Kubewarden (the admission-controller chart) with a default
# PolicyServer that fetches from the plain-HTTP local registry and may read nodes, and
# waits until that policy server is ready.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_tools helm kubectl

log "Kubewarden (kubewarden/admission-controller ${KUBEWARDEN_CHART_VERSION})"
run helm repo add kubewarden https://charts.kubewarden.io --force-update
run helm repo update kubewarden
run helm upgrade --install --wait --timeout 10m \
  --kube-context "${KUBE_CONTEXT}" \
  --namespace "${KUBEWARDEN_NAMESPACE}" --create-namespace \
  --version "${KUBEWARDEN_CHART_VERSION}" \
  --values "${KIND_DEPLOY}/kubewarden-values.yaml" \
  admission-controller kubewarden/admission-controller

log "policy-server may read nodes (pod-density)"
run kubectl --context "${KUBE_CONTEXT}" apply -f "${KIND_DEPLOY}/policy-server-node-reader.yaml"

log "waiting for the default policy server"
# The controller creates the Deployment after Helm is done, so wait for it to exist first.
run kubectl --context "${KUBE_CONTEXT}" -n "${KUBEWARDEN_NAMESPACE}" wait --for=create deployment/policy-server-default --timeout=300s
run kubectl --context "${KUBE_CONTEXT}" -n "${KUBEWARDEN_NAMESPACE}" rollout status deployment/policy-server-default --timeout=300s
log "Kubewarden is ready"
