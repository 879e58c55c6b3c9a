// serve reads a policies.yml module location as every command does (src/modules/location.ts)
// and fetches it with the same fetcher: a reference without a scheme is pulled from a real
// distribution registry and kept by digest in the shared module cache, a relative file://
// location is read from the file's folder, and a missing file is named with the reason.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushPolicy } from "../../src/oci/push.ts";
import { builtModulePath } from "../support/policies.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { admissionReview, podRequest, startTestServer, type TestServer } from "./support/harness.ts";

let dir: string;
let registry: RunningRegistry;
let server: TestServer;
let digest: string;
const cacheBefore = process.env.WARDENKIT_CACHE_DIR;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-serve-locations-"));
  process.env.WARDENKIT_CACHE_DIR = join(dir, "cache");
  registry = await startRegistry();
  digest = (await pushPolicy(readFileSync(builtModulePath("required-labels")), `${registry.host}/policies/required-labels:v1`, { env: {} })).digest;
  mkdirSync(join(dir, "modules"));
  copyFileSync(builtModulePath("required-labels"), join(dir, "modules", "required-labels.wasm"));
  const settings = { requiredLabels: ["app"] };
  writeFileSync(join(dir, "policies.yml"), stringify({
    "from-registry": { module: `${registry.host}/policies/required-labels:v1`, settings },
    "relative-file": { module: "file://modules/required-labels.wasm", settings },
    missing: { module: "modules/nowhere.wasm" },
  }));
  server = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), watch: false });
});

afterAll(async () => {
  await server?.close();
  await registry?.stop();
  if (cacheBefore === undefined) delete process.env.WARDENKIT_CACHE_DIR;
  else process.env.WARDENKIT_CACHE_DIR = cacheBefore;
  rmSync(dir, { recursive: true, force: true });
});

describe("serve's module locations", () => {
  it("pulls a reference without a scheme from its registry, as policy-server does, and keeps it by digest", async () => {
    const answer = (await server.client.post("/validate/from-registry", admissionReview(podRequest("r-1")))).json().response;
    expect(answer).toMatchObject({ allowed: false, status: { message: expect.stringMatching(/missing required labels app/) } });
    expect(readdirSync(join(dir, "cache"))).toEqual([`${digest.replace(":", "-")}.wasm`]);
  });

  it("reads file:// followed by a relative path from the folder of policies.yml", async () => {
    const answer = (await server.client.post("/validate/relative-file", admissionReview(podRequest("f-1", { app: "web" })))).json().response;
    expect(answer).toEqual({ uid: "f-1", allowed: true });
  });

  it("names a module file it cannot read and says why in words", async () => {
    const missing = await server.client.post("/validate/missing", admissionReview(podRequest("m-1")));
    expect(missing.status).toBe(404);
    expect(missing.text).toBe(`policy missing is not served: cannot read module ${join(dir, "modules", "nowhere.wasm")}: ENOENT (no such file)`);
  });
});
