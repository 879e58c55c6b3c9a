# make kind-dev: point the current cluster (the Kind cluster) at a local
# `wardenkit serve`. The API server runs inside the Kind node containers, so the
# server listens on every address and is advertised at the docker bridge gateway
# of the `kind` network, which the nodes can reach.
# DRY_RUN=1 prints the commands instead of running them.
KIND_NETWORK ?= kind
SERVE_PORT ?= 8443
SERVE_CONFIG ?=
KIND_HOST ?= $(shell docker network inspect $(KIND_NETWORK) --format '{{range .IPAM.Config}}{{.Gateway}} {{end}}' 2>/dev/null | tr ' ' '\n' | grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$$')
SERVE_FLAGS = --register --address 0.0.0.0 --advertise-host $(or $(KIND_HOST),GATEWAY_OF_$(KIND_NETWORK)_NETWORK) --port $(SERVE_PORT) $(if $(SERVE_CONFIG),--config $(SERVE_CONFIG))
RUN_OR_PRINT = $(if $(filter 1,$(DRY_RUN)),@echo,)

.PHONY: kind-dev
kind-dev:
	@test -n "$(KIND_HOST)$(filter 1,$(DRY_RUN))" || { echo "kind-dev: no IPv4 gateway on docker network '$(KIND_NETWORK)'; create the Kind cluster first or set KIND_HOST"; exit 1; }
	$(RUN_OR_PRINT) kubectl config current-context
	$(RUN_OR_PRINT) node bin/wardenkit.mjs serve $(SERVE_FLAGS)
