#!/usr/bin/env bash
# make kind-e2e: sends the objects of deploy/kind/e2e to the Kind cluster, which holds the
# policy set of deploy/policy-set, and checks every admission verdict and denial message
# against what fixtures/policy-set/suite.yaml expects of them (the same file `wardenkit test`
# checks offline), then the context-aware pod-density checks; prints a summary table.
# Exits non-zero on any mismatch.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_tools kubectl

E2E_OBJECTS="${KIND_DEPLOY}/e2e"
SUITE="${KIND_ROOT}/fixtures/policy-set/suite.yaml"
KUBECTL=(kubectl --context "${KUBE_CONTEXT}")
DENSITY_LABEL="wardenkit.dev/pod-density"
DENSITY_POD_LABEL="wardenkit.dev/e2e=pod-density"
# The policy server reads pods through a watch cache; give it this long to see new ones.
EVENTUAL_ATTEMPTS=10
EVENTUAL_PAUSE_S=3

WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT

RESULT_CHECKS=() RESULT_POLICIES=() RESULT_EXPECTED=() RESULT_GOT=() RESULT_OUTCOME=()
FAILURES=0

record() {
  RESULT_CHECKS+=("$1") RESULT_POLICIES+=("$2") RESULT_EXPECTED+=("$3") RESULT_GOT+=("$4") RESULT_OUTCOME+=("$5")
  if [[ "$5" == FAIL ]]; then FAILURES=$((FAILURES + 1)); fi
  if ! dry_run; then printf '%s  %s: %s\n' "$5" "$1" "$4" >&2; fi
}

# Sends one object and compares the answer of the API server with the expectation.
#   verdict CHECK WEBHOOK allow|deny PATTERN FILE [server-dry-run|create]
# A denial must come from WEBHOOK (clusterwide-<policy>, clusterwide-group-<group>) and its
# message match the extended regular expression PATTERN. Server-side dry run goes through
# admission but stores nothing.
verdict() {
  local check="$1" policy="${2:--}" expected="$3" pattern="$4" file="$5" mode="${6:-server-dry-run}"
  local command=("${KUBECTL[@]}" create -f "${file}")
  [[ "${mode}" == server-dry-run ]] && command+=(--dry-run=server)
  if dry_run; then
    show "${command[@]}"
    record "${check}" "${policy}" "${expected}" "(dry run)" "-"
    return 0
  fi
  local output got message
  if output="$("${command[@]}" 2>&1)"; then got=allowed; else got=denied; fi
  message="${output##*denied the request: }"
  message="${message%$'\n'}"
  if [[ "${expected}" == allow && "${got}" == allowed ]]; then
    record "${check}" "${policy}" allow allowed PASS
  elif [[ "${expected}" == deny && "${got}" == denied && "${output}" == *"\"${policy}."* && "${message}" =~ ${pattern} ]]; then
    record "${check}" "${policy}" deny "denied: ${message}" PASS
  else
    record "${check}" "${policy}" "${expected}" "${got}: ${output//$'\n'/ } (expected ${expected}${pattern:+ matching /${pattern}/})" FAIL
  fi
}

# verdict, retried while the answer does not match (a cache may not have caught up yet).
eventual_verdict() {
  local attempt
  for ((attempt = 1; attempt <= EVENTUAL_ATTEMPTS; attempt++)); do
    local before="${FAILURES}"
    verdict "$@" 2>/dev/null
    if dry_run; then return 0; fi
    if [[ "${FAILURES}" == "${before}" ]] || ((attempt == EVENTUAL_ATTEMPTS)); then
      printf '%s  %s: %s\n' "${RESULT_OUTCOME[-1]}" "${RESULT_CHECKS[-1]}" "${RESULT_GOT[-1]}" >&2
      return 0
    fi
    # Forget the failed attempt; only the last one counts.
    FAILURES="${before}"
    unset 'RESULT_CHECKS[-1]' 'RESULT_POLICIES[-1]' 'RESULT_EXPECTED[-1]' 'RESULT_GOT[-1]' 'RESULT_OUTCOME[-1]'
    sleep "${EVENTUAL_PAUSE_S}"
  done
}

# A pod for the pod-density checks, written to WORK: pinned to NODE by spec.nodeName
# (checked at Pod CREATE), or, with NODE empty, sent there by the scheduler (checked at
# pods/binding CREATE). Non-root, so run-as-non-root would let it through too.
density_pod() {
  local name="$1" node="$2" file="${WORK}/$1.yaml"
  {
    printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n  namespace: %s\n' "${name}" "${DENSITY_NAMESPACE}"
    printf '  labels: { %s }\n' "${DENSITY_POD_LABEL/=/: }"
    printf 'spec:\n'
    if [[ -n "${node}" ]]; then printf '  nodeName: %s\n' "${node}"; else printf '  nodeSelector: { %s: limited }\n' "${DENSITY_LABEL}"; fi
    printf '  tolerations: [{ key: %s, operator: Exists, effect: NoSchedule }]\n' "${DENSITY_LABEL}"
    printf '  securityContext: { runAsNonRoot: true, runAsUser: 65535 }\n'
    printf '  containers: [{ name: pause, image: registry.k8s.io/pause:3.10 }]\n'
  } >"${file}"
  printf '%s\n' "${file}"
}

# The suite's resources read from deploy/kind/e2e, each with the verdict the suite expects.
suite_checks() {
  local checks name file expected webhook pattern
  checks="$(node "${KIND_ROOT}/bin/wardenkit.mjs" test "${SUITE}" --admission-checks)"
  while IFS=$'\t' read -r name file expected webhook pattern; do
    [[ "${file}" == "${E2E_OBJECTS}/"* ]] || continue
    verdict "${name}" "${webhook}" "${expected}" "${pattern}" "${file}"
  done <<<"${checks}"
}

pod_density_checks() {
  local max node pods existing free i
  max="$(sed -n 's/^ *maxPodsPerNode: *//p' "${KIND_ROOT}/deploy/policy-set/pod-density.yaml")"
  node="$(query "${KIND_CLUSTER_NAME}-worker" "${KUBECTL[@]}" get nodes -l "${DENSITY_LABEL}=limited" -o 'jsonpath={.items[0].metadata.name}')"
  [[ -n "${node}" ]] || die "no node labelled ${DENSITY_LABEL}=limited; recreate the cluster with make kind-down kind-up"
  run "${KUBECTL[@]}" -n "${DENSITY_NAMESPACE}" delete pods -l "${DENSITY_POD_LABEL}" --ignore-not-found --wait
  pods="$(query $'pod/kindnet-dry\npod/kube-proxy-dry' "${KUBECTL[@]}" get pods -A --field-selector "spec.nodeName=${node}" -o name)"
  existing="$(grep -c . <<<"${pods}" || true)"
  free=$((max - existing))
  ((free >= 1)) || die "node ${node} already runs ${existing} pods, at or over maxPodsPerNode ${max}; raise it in deploy/policy-set/pod-density.yaml"

  for ((i = existing + 1; i <= max; i++)); do
    verdict "pod ${i} of ${max} on ${node}" clusterwide-pod-density allow "" "$(density_pod "density-${i}" "${node}")" create
  done
  eventual_verdict "pod $((max + 1)) on ${node} (spec.nodeName)" clusterwide-pod-density deny "${node}" "$(density_pod density-over "${node}")"
  scheduled_pod_check "${node}"
  run "${KUBECTL[@]}" -n "${DENSITY_NAMESPACE}" delete pods -l "${DENSITY_POD_LABEL}" --ignore-not-found --wait=false
}

# A pod the scheduler sends to the full node: the pod is admitted, its binding is refused,
# and the scheduler reports the refusal in a FailedScheduling event.
scheduled_pod_check() {
  local node="$1" events attempt
  local check="pod scheduled onto full ${node} (pods/binding)"
  run "${KUBECTL[@]}" create -f "$(density_pod density-scheduled "")"
  local events_query=("${KUBECTL[@]}" -n "${DENSITY_NAMESPACE}" get events
    --field-selector "involvedObject.name=density-scheduled,reason=FailedScheduling" -o 'jsonpath={.items[*].message}')
  if dry_run; then
    show "${events_query[@]}"
    record "${check}" clusterwide-pod-density deny "(dry run)" "-"
    return 0
  fi
  for ((attempt = 1; attempt <= EVENTUAL_ATTEMPTS; attempt++)); do
    events="$("${events_query[@]}")"
    if [[ "${events}" == *"clusterwide-pod-density."*"denied the request"* ]]; then
      record "${check}" clusterwide-pod-density deny "denied: ${events##*denied the request: }" PASS
      return 0
    fi
    sleep "${EVENTUAL_PAUSE_S}"
  done
  record "${check}" clusterwide-pod-density deny "no binding denial in events: ${events:-none}" FAIL
}

summary_table() {
  local i
  printf '\n%-80s %-36s %-7s %-7s %s\n' CHECK WEBHOOK EXPECT RESULT GOT
  for i in "${!RESULT_CHECKS[@]}"; do
    printf '%-80s %-36s %-7s %-7s %s\n' "${RESULT_CHECKS[i]}" "${RESULT_POLICIES[i]}" "${RESULT_EXPECTED[i]}" "${RESULT_OUTCOME[i]}" "${RESULT_GOT[i]}"
  done
  local note=""
  if dry_run; then note=" (dry run: nothing was sent)"; fi
  printf '\n%d checks, %d failed%s\n' "${#RESULT_CHECKS[@]}" "${FAILURES}" "${note}"
}

log "e2e checks in namespaces ${E2E_NAMESPACE} and ${DENSITY_NAMESPACE} (context ${KUBE_CONTEXT})"
suite_checks
pod_density_checks
summary_table
((FAILURES == 0))
