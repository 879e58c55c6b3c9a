#!/usr/bin/env bash
# `npm run bench:pull`: the peak memory (maximum RSS, from GNU time) of `wardenkit pull` for
# a large module layer on the CNCF distribution registry (docker-registry) on loopback: the
# layer under the default module size limit (refused), with --max-module-size raised above
# it (pulled), and under a manifest that declares it as 1,000 bytes. The layer is a sparse
# file (the wasm header, then zeros) of SIZE_MIB MiB, 1024 by default, streamed to the
# registry; everything is made in a temporary folder and removed at the end.
# WARDENKIT_BIN runs another build of the command (default: this checkout's bin).
set -euo pipefail

size_mib=${SIZE_MIB:-1024}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${WARDENKIT_BIN:-$root/bin/wardenkit.mjs}
for tool in docker-registry curl sha256sum truncate /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench:pull: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/wardenkit-bench-pull-XXXXXX")
registry_pid=""
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
host="127.0.0.1:$port"
cat >"$work/config.yml" <<EOF
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $work/data } }
http: { addr: "$host" }
EOF
docker-registry serve "$work/config.yml" 2>"$work/registry.log" &
registry_pid=$!
for _ in $(seq 1 600); do
  curl -sf "http://$host/v2/" >/dev/null && break
  kill -0 "$registry_pid" 2>/dev/null || { echo "bench:pull: docker-registry exited: $(cat "$work/registry.log")" >&2; exit 1; }
  sleep 0.1
done

# Monolithic upload (POST, then one PUT with the digest), streamed from the file.
upload() {
  local file=$1 digest location
  digest="sha256:$(sha256sum "$file" | cut -d' ' -f1)"
  location=$(curl -sf -X POST -D - -o /dev/null "http://$host/v2/bench/module/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case $location in http*) ;; *) location="http://$host$location" ;; esac
  case $location in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
  curl -sf -X PUT -H "content-type: application/octet-stream" -T "$file" "$location" >/dev/null
  echo "$digest"
}

printf '\0asm\1\0\0\0' >"$work/layer.wasm"
truncate -s "${size_mib}M" "$work/layer.wasm"
printf '{}' >"$work/config.json"
layer_digest=$(upload "$work/layer.wasm")
config_digest=$(upload "$work/config.json")
layer_bytes=$((size_mib * 1024 * 1024))

put_manifest() {
  local tag=$1 declared=$2
  curl -sf -X PUT -H "content-type: application/vnd.oci.image.manifest.v1+json" "http://$host/v2/bench/module/manifests/$tag" --data-binary @- >/dev/null <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.wasm.config.v1+json","digest":"$config_digest","size":2},"layers":[{"mediaType":"application/vnd.wasm.content.layer.v1+wasm","digest":"$layer_digest","size":$declared}]}
EOF
}
put_manifest whole "$layer_bytes"
put_manifest understated 1000

# One pull under GNU time: its exit code, peak RSS in MiB and last line of output.
measure() {
  local label=$1 tag=$2 code
  shift 2
  rm -f "$work/out.wasm"
  set +e
  /usr/bin/time -f '%M' -o "$work/rss" node "$bin" pull "registry://$host/bench/module:$tag" --output-file "$work/out.wasm" "$@" >"$work/output" 2>&1
  code=$?
  set -e
  printf '%s: exit %s, peak RSS %s MiB: %s\n' "$label" "$code" "$(($(tail -n1 "$work/rss") / 1024))" "$(tail -n1 "$work/output")"
}

echo "wardenkit pull of a ${size_mib} MiB layer from docker-registry at $host ($(node --version), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
/usr/bin/time -f '%M' -o "$work/rss" node -e 0
echo "node -e 0: peak RSS $(($(cat "$work/rss") / 1024)) MiB"
measure "default module size limit" whole
measure "--max-module-size $((size_mib + 64))" whole --max-module-size $((size_mib + 64))
measure "manifest declaring 1000 bytes" understated --max-module-size $((size_mib + 64))
