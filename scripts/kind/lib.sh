#!/usr/bin/env bash
# shellcheck disable=SC2034  # the names below are used by the scripts that source this file
# Shared by the scripts/kind/*.sh steps: names, paths, the `run` helper that DRY_RUN=1
# turns into printing, and the prerequisite checks.
# Sourced, not executed: the caller has already set -euo pipefail.

KIND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KIND_DEPLOY="${KIND_ROOT}/deploy/kind"
# Written by kind-deploy: the manifests applied in the cluster (module URLs inside Kind).
KIND_MANIFESTS="${KIND_ROOT}/build/kind/manifests"
# The policy set a team applies, and where its module lines say the modules are published.
POLICY_SET="${KIND_ROOT}/deploy/policy-set"
PUBLISHED_MODULES="ghcr.io/wardenkit/policies"

KIND_CLUSTER_NAME="${KIND_CLUSTER_NAME:-wardenkit}"
REGISTRY_NAME="${REGISTRY_NAME:-kind-registry}"
REGISTRY_PORT="${REGISTRY_PORT:-5001}"
# The registry as the host pushes to it, and as the policy-server pod fetches from it
# (the registry container joins the `kind` docker network under its own name).
REGISTRY_HOST_ADDRESS="localhost:${REGISTRY_PORT}"
REGISTRY_CLUSTER_ADDRESS="${REGISTRY_NAME}:5000"
KUBEWARDEN_NAMESPACE="${KUBEWARDEN_NAMESPACE:-kubewarden}"
# Chart 6.x is the single admission-controller chart of Kubewarden v1.37 and later.
KUBEWARDEN_CHART_VERSION="${KUBEWARDEN_CHART_VERSION:-6.0.2}"
# The e2e namespaces; each policy of deploy/policy-set is scoped to one of them.
E2E_NAMESPACE="wardenkit-e2e"
# pod-density gets its own: the scheduler and kubelet write unlabelled Events there, which
# required-labels (it judges every kind of object) would refuse.
DENSITY_NAMESPACE="wardenkit-e2e-density"
KUBE_CONTEXT="kind-${KIND_CLUSTER_NAME}"

DRY_RUN="${DRY_RUN:-0}"

dry_run() { [[ "${DRY_RUN}" == 1 ]]; }

log() { printf '==> %s\n' "$*" >&2; }

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Dry-run output goes to descriptor 3, a copy of the original stderr, so that a caller's
# own 2>/dev/null (for an expected "no such container") does not hide it.
exec 3>&2

# One argument as a shell would read it back: bare when safe, else in single quotes.
shell_word() {
  local quote="'\\''"
  if [[ "$1" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/${quote}}"
  fi
}

# Prints a command, one line, prefixed with "+ " as `set -x` does.
show() {
  local line="+" word
  for word in "$@"; do line+=" $(shell_word "${word}")"; done
  printf '%s\n' "${line}" >&3
}

# Runs a command that changes something; with DRY_RUN=1 only prints it.
run() {
  if dry_run; then
    show "$@"
    return 0
  fi
  "$@"
}

# run, with the named file as standard input.
run_stdin() {
  local input="$1"
  shift
  if dry_run; then
    show "$@"
    printf '  < %s\n' "${input}" >&3
    return 0
  fi
  "$@" <"${input}"
}

# run, with standard output written to the named file.
run_stdout() {
  local output="$1"
  shift
  if dry_run; then
    show "$@"
    printf '  > %s\n' "${output}" >&3
    return 0
  fi
  "$@" >"${output}"
}

# Runs a command whose output the script reads; with DRY_RUN=1 prints it and answers the
# first argument instead, a plausible value that lets the rest of the script be shown.
query() {
  local dry_answer="$1"
  shift
  if dry_run; then
    show "$@"
    printf '%s\n' "${dry_answer}"
    return 0
  fi
  "$@"
}

# Checks that each named tool is on PATH and says how to get the missing ones. With
# DRY_RUN=1 a missing tool is only a warning, since nothing will run.
require_tools() {
  local missing=0 tool
  for tool in "$@"; do
    command -v "${tool}" >/dev/null 2>&1 && continue
    printf '%s: %s is not installed; %s\n' "$(dry_run && echo warning || echo error)" "${tool}" "$(install_hint "${tool}")" >&2
    missing=1
  done
  if [[ "${missing}" == 1 ]] && ! dry_run; then exit 1; fi
  if [[ " $* " == *" docker "* ]] && ! dry_run && ! docker info >/dev/null 2>&1; then
    die "docker is installed but its engine is not reachable; start Docker (docker info must work)"
  fi
  return 0
}

install_hint() {
  case "$1" in
    docker) echo "install Docker Engine: https://docs.docker.com/engine/install/" ;;
    kind) echo "install kind: go install sigs.k8s.io/kind@latest, or https://kind.sigs.k8s.io/docs/user/quick-start/#installation" ;;
    helm) echo "install Helm: https://helm.sh/docs/intro/install/" ;;
    kubectl) echo "install kubectl: https://kubernetes.io/docs/tasks/tools/ (Debian: apt-get install kubectl from the Kubernetes apt repository)" ;;
    npm | npx) echo "install Node.js 20: https://nodejs.org/" ;;
    *) echo "install it and retry" ;;
  esac
}

# The version every policy is published under (package.json), as in `wardenkit publish`.
project_version() {
  node -p "require('${KIND_ROOT}/package.json').version"
}
