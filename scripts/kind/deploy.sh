#!/usr/bin/env bash
# make kind-deploy: builds the policies, publishes them to the local registry, installs the
# SQLClaim CRD and applies the policy set of deploy/policy-set with `wardenkit apply`,
# waiting until active.
#
# The set names the modules where a team publishes them (ghcr.io/wardenkit/policies), but the
# policy-server pod fetches from kind-registry:5000 on the kind network. So the manifests
# applied here are those files with only their module lines pointed at the Kind registry: the
# same policies, settings and selectors that fixtures/policy-set/suite.yaml checks offline.
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

log "the policy set in ${KIND_MANIFESTS#"${KIND_ROOT}/"}, modules from ${REGISTRY_CLUSTER_ADDRESS}"
run mkdir -p "${KIND_MANIFESTS}"
for manifest in "${POLICY_SET}"/*.yaml; do
  grep -q "registry://${PUBLISHED_MODULES}/[a-z-]*:v${version}\$" "${manifest}" \
    || die "${manifest} does not name its module as registry://${PUBLISHED_MODULES}/<policy>:v${version}"
  run_stdout "${KIND_MANIFESTS}/${manifest##*/}" sed "s#registry://${PUBLISHED_MODULES}/#registry://${REGISTRY_CLUSTER_ADDRESS}/policies/#" "${manifest}"
done

log "apply"
run kubectl config use-context "${KUBE_CONTEXT}"
run npx wardenkit apply "${KIND_MANIFESTS}" --wait --timeout 300s
