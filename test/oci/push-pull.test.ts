// Push and pull against a real distribution registry, without authentication.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Digest } from "../../src/kubewarden/digest.ts";
import { inspectPolicy } from "../../src/oci/inspect.ts";
import { MANIFEST_ACCEPT, OCI_MANIFEST_MEDIA_TYPE, WASM_CONFIG_MEDIA_TYPE, WASM_LAYER_MEDIA_TYPE } from "../../src/oci/media-types.ts";
import { pullPolicy } from "../../src/oci/pull.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { freePort, startRegistry, type RunningRegistry } from "../support/registry.ts";
import { TEST_ANNOTATIONS, testMetadata, testModule } from "../support/wasm.ts";
import { builtModulePath, POLICY_NAMES } from "../support/policies.ts";

const run = promisify(execFile);
const FOUR_MB = 4 * 1024 * 1024;
const anonymous = { env: {} }; // ignore the developer's own credentials

let registry: RunningRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

async function rawManifest(repository: string, tag: string) {
  const response = await fetch(`http://${registry.host}/v2/${repository}/manifests/${tag}`, { headers: { accept: MANIFEST_ACCEPT } });
  expect(response.status).toBe(200);
  return { contentType: response.headers.get("content-type"), body: await response.json() };
}

describe("push and pull", () => {
  it("pulls back the identical module under the digest the push reported", async () => {
    const wasm = testModule();
    const pushed = await pushPolicy(wasm, `registry://${registry.host}/policies/roundtrip:v0.1.0`, anonymous);
    expect(pushed.reference).toBe(`registry://${registry.host}/policies/roundtrip@${pushed.digest}`);
    expect(pushed.layerDigest).toBe(sha256Digest(wasm));
    expect(pushed.size).toBe(wasm.length);

    const byTag = await pullPolicy(`${registry.host}/policies/roundtrip:v0.1.0`, anonymous);
    expect(byTag.wasm).toEqual(wasm);
    expect(byTag.digest).toBe(pushed.digest);
    const byDigest = await pullPolicy(pushed.reference, anonymous);
    expect(byDigest.wasm).toEqual(wasm);
    expect(byDigest.layerDigest).toBe(pushed.layerDigest);
  });

  it("stores the kwctl artifact format: {} config, one wasm layer, single-line annotations", async () => {
    const wasm = testModule();
    await pushPolicy(wasm, `${registry.host}/policies/format:v1`, anonymous);
    const { contentType, body } = await rawManifest("policies/format", "v1");
    expect(contentType).toBe(OCI_MANIFEST_MEDIA_TYPE);
    expect(body.schemaVersion).toBe(2);
    expect(body.config).toEqual({ mediaType: WASM_CONFIG_MEDIA_TYPE, digest: sha256Digest(new TextEncoder().encode("{}")), size: 2 });
    expect(body.layers).toEqual([{ mediaType: WASM_LAYER_MEDIA_TYPE, digest: sha256Digest(wasm), size: wasm.length }]);
    const { "io.kubewarden.policy.usage": _multiLine, ...singleLine } = TEST_ANNOTATIONS;
    expect(body.annotations).toEqual({
      ...singleLine,
      "org.opencontainers.image.source": TEST_ANNOTATIONS["io.kubewarden.policy.source"],
    });
  });

  it("moves an existing tag to the newly pushed module", async () => {
    const target = `${registry.host}/policies/retag:latest`;
    const first = await pushPolicy(testModule(), target, anonymous);
    const second = await pushPolicy(testModule({ metadata: testMetadata({ ...TEST_ANNOTATIONS, "io.kubewarden.policy.version": "0.2.0" }) }), target, anonymous);
    expect(second.digest).not.toBe(first.digest);
    expect((await pullPolicy(target, anonymous)).digest).toBe(second.digest);
    expect((await pullPolicy(first.reference, anonymous)).digest).toBe(first.digest);
  });

  it("round-trips a 4 MB module", async () => {
    const wasm = testModule({ padding: FOUR_MB });
    const pushed = await pushPolicy(wasm, `${registry.host}/policies/big:v1`, anonymous);
    const pulled = await pullPolicy(`${registry.host}/policies/big:v1`, anonymous);
    expect(pulled.wasm.length).toBe(wasm.length);
    expect(sha256Digest(pulled.wasm)).toBe(pushed.layerDigest);
  });

  it("round-trips the policies built into dist/", async () => {
    for (const name of POLICY_NAMES) {
      const wasm = new Uint8Array(await readFile(builtModulePath(name)));
      const pushed = await pushPolicy(wasm, `${registry.host}/dist/module:v1`, anonymous);
      expect((await pullPolicy(pushed.reference, anonymous)).wasm).toEqual(wasm);
    }
  });

  it("refuses a module without metadata unless forced, and then pushes no annotations", async () => {
    const bare = testModule({ metadata: null });
    await expect(pushPolicy(bare, `${registry.host}/policies/bare:v1`, anonymous)).rejects.toThrow(
      "the module has no Kubewarden metadata section; build it with wardenkit or push with --force",
    );
    await pushPolicy(bare, `${registry.host}/policies/bare:v1`, { ...anonymous, force: true });
    expect((await rawManifest("policies/bare", "v1")).body.annotations).toBeUndefined();
  });

  it("refuses bytes that are not a WebAssembly module", async () => {
    await expect(pushPolicy(new TextEncoder().encode("#!/bin/sh\n"), `${registry.host}/policies/x:v1`, anonymous)).rejects.toThrow(
      "the module is not a WebAssembly module",
    );
  });

  it("inspects a pushed module through its reference", async () => {
    const pushed = await pushPolicy(testModule(), `${registry.host}/policies/inspected:v1`, anonymous);
    const report = await inspectPolicy(`registry://${registry.host}/policies/inspected:v1`, anonymous);
    expect(report.manifestDigest).toBe(pushed.digest);
    expect(report.digest).toBe(pushed.layerDigest);
    expect(report.metadata?.rules).toEqual(testMetadata().rules);
    expect(report.usage).toBe(TEST_ANNOTATIONS["io.kubewarden.policy.usage"]);
  });
});

describe("pull errors", () => {
  it("names an unknown repository", async () => {
    await expect(pullPolicy(`${registry.host}/policies/nothing-here:v1`, anonymous)).rejects.toThrow(
      `repository policies/nothing-here not found on registry ${registry.host} (404)`,
    );
  });

  it("names an unknown tag of a known repository", async () => {
    await pushPolicy(testModule(), `${registry.host}/policies/tagged:v1`, anonymous);
    await expect(pullPolicy(`${registry.host}/policies/tagged:v9`, anonymous)).rejects.toThrow(
      `tag v9 of repository policies/tagged not found on registry ${registry.host} (404)`,
    );
  });

  it("names a registry that does not answer", async () => {
    const port = await freePort();
    await expect(pullPolicy(`127.0.0.1:${port}/policies/x:v1`, anonymous)).rejects.toThrow(
      `cannot reach the registry at 127.0.0.1:${port} (connection refused)`,
    );
  });

  it("refuses an artifact whose layer is not a wasm layer", async () => {
    const layer = new TextEncoder().encode("not a policy");
    const config = new TextEncoder().encode("{}");
    const base = `http://${registry.host}/v2/policies/image`;
    for (const blob of [layer, config]) {
      const start = await fetch(`${base}/blobs/uploads/`, { method: "POST" });
      const url = new URL(start.headers.get("location")!, base);
      url.searchParams.set("digest", sha256Digest(blob));
      expect((await fetch(url, { method: "PUT", body: blob })).status).toBe(201);
    }
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST_MEDIA_TYPE,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256Digest(config), size: 2 },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: sha256Digest(layer), size: layer.length }],
    };
    const put = await fetch(`${base}/manifests/v1`, { method: "PUT", headers: { "content-type": OCI_MANIFEST_MEDIA_TYPE }, body: JSON.stringify(manifest) });
    expect(put.status).toBe(201);
    await expect(pullPolicy(`${registry.host}/policies/image:v1`, anonymous)).rejects.toThrow(
      "the artifact has a layer of media type application/vnd.oci.image.layer.v1.tar, not application/vnd.wasm.content.layer.v1+wasm",
    );
  });
});

describe("cross-check with skopeo", () => {
  it("shows skopeo the same manifest digest and layer", async (context) => {
    const found = await run("skopeo", ["--version"]).then(() => true, () => false);
    if (!found) {
      console.log("skipping the skopeo cross-check: skopeo is not installed");
      context.skip();
    }
    const wasm = testModule();
    const pushed = await pushPolicy(wasm, `${registry.host}/policies/skopeo:v1`, anonymous);
    const image = `docker://${registry.host}/policies/skopeo:v1`;
    const { stdout: raw } = await run("skopeo", ["inspect", "--raw", "--tls-verify=false", image]);
    expect(sha256Digest(new TextEncoder().encode(raw))).toBe(pushed.digest);
    expect(JSON.parse(raw).layers[0]).toEqual({ mediaType: WASM_LAYER_MEDIA_TYPE, digest: sha256Digest(wasm), size: wasm.length });
  });
});
