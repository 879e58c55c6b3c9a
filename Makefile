# wardenkit: `make` installs and builds the policies; `make test` installs what
# the tests need and runs them all. `make help` lists every target.

NPM ?= npm
STAMP := node_modules/.wardenkit-installed

.PHONY: all install build engine test test-deps typecheck artifacthub-check bench bench-check help clean

## all: install npm dependencies and build every policy into dist/
all: build

## install: npm dependencies from package-lock.json
install: $(STAMP)

$(STAMP): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

## build: compile the CLI (src/) into lib/, then policies/<name> into dist/<name>.wasm
build: install
	$(NPM) run build

## engine: the wasmtime host of engine/ (Rust), built once per machine into the cache
engine:
	@scripts/build-engine.sh >/dev/null

## test-deps: what the tests run against: Debian packages (registry, skopeo, htpasswd, shellcheck,
## openssl, etcd) and kube-apiserver, built once per machine into ~/.cache/wardenkit
test-deps:
	scripts/install-test-deps.sh

## typecheck: TypeScript type check of src/ and test/
typecheck: install
	$(NPM) run typecheck

## artifacthub-check: fail when a policy's artifacthub-pkg.yml is stale or missing
artifacthub-check: build
	node bin/wardenkit.mjs artifacthub --check

## bench: measure every policy beside V8's JSON.parse; writes BENCHMARKS.md and bench/results.json
bench: build engine
	$(NPM) run bench

## bench-check: module sizes and same-run timing ratios against bench/budgets.json
bench-check: build engine
	$(NPM) run bench:check

## test: everything: types, every test suite (with a real registry and a real kube-apiserver), Artifact Hub files, budgets;
## ends with the line "N passed, M failed" counting every test case and check
test: install test-deps build engine typecheck artifacthub-check
	@mkdir -p build; rm -f build/test-results.json; \
	WARDENKIT_PREBUILT=1 npx vitest run --reporter=default --reporter=json --outputFile.json=build/test-results.json; \
	$(NPM) run bench:check; budgets=$$?; \
	node scripts/test-summary.mjs build/test-results.json bench-check=$$budgets

## clean: remove build outputs
clean:
	rm -rf dist build lib

## help: this list
help:
	@grep -h '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

include mk/kind.mk
include mk/dev.mk
