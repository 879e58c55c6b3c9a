# Kind workflow: a local cluster with a registry, Kubewarden, the policies, and an e2e run.
# Included from the root Makefile; also works alone: make -f mk/kind.mk kind-e2e
# DRY_RUN=1 prints every command instead of running it (no docker, kind or helm needed).
KIND_MK_ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
KIND_SCRIPTS := $(KIND_MK_ROOT)/scripts/kind

DRY_RUN ?= 0
export DRY_RUN

.PHONY: kind-up kind-kubewarden kind-deploy kind-e2e kind-down

## kind-up: Kind cluster with a local registry (localhost:5001, kind-registry:5000 inside)
kind-up:
	$(KIND_SCRIPTS)/up.sh

## kind-kubewarden: Kubewarden via Helm, policy server trusting the local registry
kind-kubewarden: kind-up
	$(KIND_SCRIPTS)/kubewarden.sh

## kind-deploy: build, publish, SQLClaim CRD, wardenkit apply of deploy/policy-set
kind-deploy: kind-kubewarden
	$(KIND_SCRIPTS)/deploy.sh

## kind-e2e: everything above, then the admission checks of fixtures/policy-set/suite.yaml with a summary
kind-e2e: kind-deploy
	$(KIND_SCRIPTS)/e2e.sh

## kind-down: delete the cluster and the registry container
kind-down:
	$(KIND_SCRIPTS)/down.sh
