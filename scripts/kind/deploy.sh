#!/usr/bin/env bash
# make kind-deploy: builds the policies, publishes them to the local registry, installs the
# SQLClaim CRD and applies every policy with `wardenkit apply`, waiting until active.
#
# The manifests that `wardenkit publish` writes name the modules as the host pushed them
# (localhost:5001/…), but the policy-server pod fetches from kind-registry:5000 on the kind
# network. So the manifests applied here are made by `wardenkit manifest` with the in-cluster
# module URL, the e2e settings of deploy/kind/settings, and a namespaceSelector that limits
# each policy to its e2e namespace.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_tools npm npx kubectl
cd "${KIND_ROOT}"
version="$(project_version)"

log "build and publish to ${REGISTRY_HOST_ADDRESS}/policies"
run npm run build
run npx wardenkit publish --registry "${REGISTRY_HOST_ADDRESS}/policies"

log "SQLClaim CRD and the e2e namespaces"
run kubectl --context "${KUBE_CONTEXT}" apply -f "${KIND_DEPLOY}/sqlclaim-crd.yaml"
run kubectl --context "${KUBE_CONTEXT}" wait --for=condition=Established crd/sqlclaims.devopstoolkitseries.com --timeout=60s
run kubectl --context "${KUBE_CONTEXT}" apply -f "${KIND_DEPLOY}/e2e/namespace.yaml"

log "manifests for the cluster in ${KIND_MANIFESTS#"${KIND_ROOT}/"}"
run mkdir -p "${KIND_MANIFESTS}"
for policy in "${POLICIES[@]}"; do
  run_stdout "${KIND_MANIFESTS}/${policy}.yaml" npx wardenkit manifest "${policy}" \
    --module "registry://${REGISTRY_CLUSTER_ADDRESS}/policies/${policy}:v${version}" \
    --settings "${KIND_DEPLOY}/settings/${policy}.yaml" \
    --namespace-selector-include "$(policy_namespace "${policy}")"
done

log "apply"
run kubectl config use-context "${KUBE_CONTEXT}"
run npx wardenkit apply "${KIND_MANIFESTS}" --wait --timeout 300s
