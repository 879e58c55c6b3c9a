// A pull reads at most 4 MiB of a manifest and at most the declared size of the module
// layer, which must be within the module size limit; the layer goes to a file as it
// arrives, and a pull that fails leaves no file behind. The real registry serves a blob
// longer than its manifest declares; the scripted one (test/support/scripted-registry.ts)
// does what the real one refuses to: manifests past 4 MiB, blobs that never end, blobs
// shorter than declared or other than their digest.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256Digest } from "../../src/kubewarden/digest.ts";
import { OCI_INDEX_MEDIA_TYPE, OCI_MANIFEST_MEDIA_TYPE, WASM_CONFIG_MEDIA_TYPE, WASM_LAYER_MEDIA_TYPE } from "../../src/oci/media-types.ts";
import { pullPolicy } from "../../src/oci/pull.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { ModuleResolver } from "../../src/modules/module-resolver.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { runWardenkit } from "../support/run-command.ts";
import { startScriptedRegistry, streamBytes, type ScriptedRegistry } from "../support/scripted-registry.ts";
import { testModule } from "../support/wasm.ts";

const anonymous = { env: {} }; // ignore the developer's own credentials
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** Far below the GiB the servers offer: what the socket buffers hold besides what the client read. */
const READ_BOUND = 64 * MiB;

let registry: RunningRegistry;
let scripted: ScriptedRegistry;
let dir: string;

beforeAll(async () => {
  [registry, scripted] = await Promise.all([startRegistry(), startScriptedRegistry()]);
});
afterAll(async () => {
  await Promise.all([registry?.stop(), scripted?.stop()]);
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-pull-limits-"));
  scripted.routes.clear();
  scripted.requested.length = 0;
  return () => rmSync(dir, { recursive: true, force: true });
});

function manifestBytes(layer: { digest: string; size: number }): Uint8Array {
  const config = { mediaType: WASM_CONFIG_MEDIA_TYPE, digest: sha256Digest(new TextEncoder().encode("{}")), size: 2 };
  const manifest = { schemaVersion: 2, mediaType: OCI_MANIFEST_MEDIA_TYPE, config, layers: [{ mediaType: WASM_LAYER_MEDIA_TYPE, ...layer }] };
  return new TextEncoder().encode(JSON.stringify(manifest));
}

/** The scripted registry serves this manifest as `<repo>:v1`; returns the blob's path. */
function scriptManifest(repo: string, layer: { digest: string; size: number }): string {
  const bytes = manifestBytes(layer);
  scripted.routes.set(`/v2/${repo}/manifests/v1`, (_, res) => void res.writeHead(200, { "content-type": OCI_MANIFEST_MEDIA_TYPE }).end(bytes));
  return `/v2/${repo}/blobs/${layer.digest}`;
}

/** Pulls with the CLI into `dir` and returns what it printed; nothing may be left in `dir`. */
async function failedCliPull(reference: string, ...flags: string[]): Promise<string> {
  const run = await runWardenkit(["pull", reference, "--output-file", join(dir, "module.wasm"), ...flags]);
  expect(run.code, run.stdout).toBe(1);
  expect(readdirSync(dir)).toEqual([]);
  return run.stderr.trim();
}

async function uploadBlob(base: string, blob: Uint8Array): Promise<void> {
  const start = await fetch(`${base}/blobs/uploads/`, { method: "POST" });
  const url = new URL(start.headers.get("location")!, base);
  url.searchParams.set("digest", sha256Digest(blob));
  expect((await fetch(url, { method: "PUT", body: blob as Uint8Array<ArrayBuffer> })).status).toBe(201);
}

describe("the real registry", () => {
  it("serving a layer longer than its descriptor declares: refused from its Content-Length, no file left", async () => {
    const wasm = testModule({ padding: 8 * MiB });
    const base = `http://${registry.host}/v2/policies/understated`;
    await uploadBlob(base, wasm);
    await uploadBlob(base, new TextEncoder().encode("{}"));
    const put = await fetch(`${base}/manifests/v1`, {
      method: "PUT", headers: { "content-type": OCI_MANIFEST_MEDIA_TYPE }, body: manifestBytes({ digest: sha256Digest(wasm), size: 1000 }) as Uint8Array<ArrayBuffer>,
    });
    expect(put.status).toBe(201); // the registry does not check a descriptor's size

    expect(await failedCliPull(`registry://${registry.host}/policies/understated:v1`)).toBe(
      `wardenkit pull: blob ${sha256Digest(wasm)} of repository policies/understated is announced as ${wasm.length} bytes, ` +
        "not the 1000 bytes its descriptor declares; the download was stopped",
    );
  });

  it("refuses a module above the module size limit before downloading it, and pulls it once the limit is raised", async () => {
    const wasm = testModule({ padding: 2 * MiB });
    const pushed = await pushPolicy(wasm, `${registry.host}/policies/two-mib:v1`, anonymous);
    const tooLarge = `the module layer of registry://${registry.host}/policies/two-mib:v1 is ${wasm.length} bytes, ` +
      "more than the module size limit of 1 MiB; --max-module-size raises it";
    await expect(pullPolicy(`${registry.host}/policies/two-mib:v1`, { ...anonymous, maxModuleBytes: MiB })).rejects.toThrow(tooLarge);
    expect(await failedCliPull(`registry://${registry.host}/policies/two-mib:v1`, "--max-module-size", "1")).toBe(`wardenkit pull: ${tooLarge}`);

    const run = await runWardenkit(["pull", `registry://${registry.host}/policies/two-mib:v1`, "--output-file", join(dir, "module.wasm"), "--max-module-size", "2.5"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(`${pushed.reference} -> ${join(dir, "module.wasm")} (${wasm.length} bytes)`);
    expect(readdirSync(dir)).toEqual(["module.wasm"]);
  });
});

describe("a registry that lies about sizes (scripted)", () => {
  it("stops reading a manifest past 4 MiB", async () => {
    let sent: Promise<number> = Promise.resolve(0);
    scripted.routes.set("/v2/lying/huge/manifests/v1", (_, res) => {
      res.writeHead(200, { "content-type": OCI_MANIFEST_MEDIA_TYPE }); // chunked: no length announced
      sent = streamBytes(res, GiB, new TextEncoder().encode('{"schemaVersion":2,"annotations":{"x":"'));
    });
    await expect(pullPolicy(`${scripted.host}/lying/huge:v1`, anonymous)).rejects.toThrow(
      `manifest v1 of repository lying/huge on registry ${scripted.host} is larger than the 4 MiB limit for manifests; it was not read`,
    );
    expect(await sent).toBeLessThan(READ_BOUND);
  });

  it("refuses a manifest announced above 4 MiB without reading it", async () => {
    scripted.routes.set("/v2/lying/announced/manifests/v1", (_, res) => {
      res.writeHead(200, { "content-type": OCI_MANIFEST_MEDIA_TYPE, "content-length": GiB });
      void streamBytes(res, GiB);
    });
    await expect(pullPolicy(`${scripted.host}/lying/announced:v1`, anonymous)).rejects.toThrow(
      `manifest v1 of repository lying/announced on registry ${scripted.host} is larger than the 4 MiB limit for manifests ` +
        `(the registry announced ${GiB} bytes); it was not read`,
    );
  });

  it("stops a layer declared as 1,000 bytes that goes on for a GiB, and leaves no file", async () => {
    const declared = testModule().subarray(0, 8);
    const digest = sha256Digest(declared);
    let sent: Promise<number> = Promise.resolve(0);
    scripted.routes.set(scriptManifest("lying/endless", { digest, size: 1000 }), (_, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      sent = streamBytes(res, GiB, declared);
    });
    expect(await failedCliPull(`registry://${scripted.host}/lying/endless:v1`)).toBe(
      `wardenkit pull: blob ${digest} of repository lying/endless is longer than the 1000 bytes its descriptor declares; the download was stopped`,
    );
    expect(await sent).toBeLessThan(READ_BOUND);
  });

  it("refuses a layer shorter than declared, or other than its digest", async () => {
    const wasm = testModule();
    scripted.routes.set(scriptManifest("lying/short", { digest: sha256Digest(wasm), size: wasm.length + 10 }), (_, res) => void res.end(wasm));
    expect(await failedCliPull(`registry://${scripted.host}/lying/short:v1`)).toBe(
      `wardenkit pull: blob ${sha256Digest(wasm)} of repository lying/short ended after ${wasm.length} of the ${wasm.length + 10} bytes its descriptor declares`,
    );
    const other = testModule({ seed: 7, padding: 16 });
    const claimed = sha256Digest(testModule({ seed: 8, padding: 16 }));
    scripted.routes.set(scriptManifest("lying/other", { digest: claimed, size: other.length }), (_, res) => void res.end(other));
    expect(await failedCliPull(`registry://${scripted.host}/lying/other:v1`)).toBe(
      `wardenkit pull: digest mismatch for blob ${claimed} of repository lying/other: expected ${claimed} but got ${sha256Digest(other)}`,
    );
  });

  it("counts a compressed layer as it is decompressed: a gzip bomb is stopped, an incompressible layer pulled", async () => {
    const module = new Uint8Array([...testModule({ metadata: null }), ...randomBytes(8192)]);
    const gzipped = gzipSync(module);
    expect(gzipped.length).toBeGreaterThan(module.length); // its Content-Length is more than the descriptor's size
    scripted.routes.set(scriptManifest("gzip/random", { digest: sha256Digest(module), size: module.length }), (_, res) => {
      res.writeHead(200, { "content-encoding": "gzip", "content-length": gzipped.length }).end(gzipped);
    });
    expect((await pullPolicy(`${scripted.host}/gzip/random:v1`, anonymous)).wasm).toEqual(module);

    const bomb = gzipSync(new Uint8Array(256 * MiB), { level: 9 }); // about 250 KB
    const declared = sha256Digest(new Uint8Array(1000));
    scripted.routes.set(scriptManifest("gzip/bomb", { digest: declared, size: 1000 }), (_, res) => {
      res.writeHead(200, { "content-encoding": "gzip", "content-length": bomb.length }).end(bomb);
    });
    await expect(pullPolicy(`${scripted.host}/gzip/bomb:v1`, anonymous)).rejects.toThrow(
      `blob ${declared} of repository gzip/bomb is longer than the 1000 bytes its descriptor declares; the download was stopped`,
    );
  });

  it("never asks for a layer declared above the module size limit", async () => {
    const blob = scriptManifest("lying/gigantic", { digest: sha256Digest(new Uint8Array(1)), size: GiB });
    await expect(pullPolicy(`${scripted.host}/lying/gigantic:v1`, anonymous)).rejects.toThrow(
      `the module layer of registry://${scripted.host}/lying/gigantic:v1 is ${GiB} bytes, more than the module size limit of 64 MiB; --max-module-size raises it`,
    );
    expect(scripted.requested).not.toContain(blob);
  });

  it("refuses a manifest that is not the one its digest names", async () => {
    const named = sha256Digest(new TextEncoder().encode("another manifest"));
    const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX_MEDIA_TYPE, manifests: [{ mediaType: OCI_MANIFEST_MEDIA_TYPE, digest: named, size: 100 }] });
    const served = manifestBytes({ digest: sha256Digest(testModule()), size: testModule().length });
    scripted.routes.set("/v2/lying/index/manifests/v1", (_, res) => void res.writeHead(200, { "content-type": OCI_INDEX_MEDIA_TYPE }).end(index));
    scripted.routes.set(`/v2/lying/index/manifests/${named}`, (_, res) => void res.writeHead(200, { "content-type": OCI_MANIFEST_MEDIA_TYPE }).end(served));
    await expect(pullPolicy(`${scripted.host}/lying/index:v1`, anonymous)).rejects.toThrow(
      `digest mismatch for manifest ${named}: expected ${named} but got ${sha256Digest(served)}`,
    );
  });

  it("caches nothing for check and test when a pull fails", async () => {
    const declared = testModule().subarray(0, 8);
    scripted.routes.set(scriptManifest("lying/cached", { digest: sha256Digest(declared), size: 1000 }), (_, res) => {
      res.writeHead(200);
      void streamBytes(res, GiB, declared);
    });
    const cacheDir = join(dir, "cache");
    const resolver = new ModuleResolver({ cacheDir });
    await expect(resolver.load(`registry://${scripted.host}/lying/cached:v1`, "policy.yaml")).rejects.toThrow(
      "is longer than the 1000 bytes its descriptor declares; the download was stopped",
    );
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });
});
