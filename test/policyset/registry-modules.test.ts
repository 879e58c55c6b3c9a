// Modules named as registry:// references, pulled from a real distribution registry with
// wardenkit's OCI client and kept by digest, so a pinned reference needs no registry again.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PolicyObject } from "../../src/manifests/policy-documents.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { JudgedRequest } from "../../src/policyset/judged-request.ts";
import { evaluatePolicy } from "../../src/policyset/evaluate.ts";
import { ModuleResolver } from "../../src/modules/module-resolver.ts";
import { Namespaces } from "../../src/policyset/namespaces.ts";
import { loadPolicySet } from "../../src/policyset/policy-set.ts";
import { requestFor } from "../../src/policyset/requests.ts";
import { builtModulePath } from "../support/policies.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";

let registry: RunningRegistry | undefined;
let digest: string;
beforeAll(async () => {
  registry = await startRegistry();
  digest = (await pushPolicy(readFileSync(builtModulePath("required-labels")), `registry://${registry.host}/policies/required-labels:v1`, { env: {} })).digest;
});
afterAll(async () => {
  await registry?.stop();
});

const manifest = (module: string): PolicyObject => ({
  apiVersion: "policies.kubewarden.io/v1",
  kind: "ClusterAdmissionPolicy",
  metadata: { name: "owner" },
  spec: { module, rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"] }], mutating: false, settings: { requiredLabels: ["owner"] } },
});
const unlabelled = requestFor({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop" } });
const context = { namespaces: new Namespaces(), capabilities: () => ({}), controllerNamespace: "kubewarden" };

describe("registry:// modules", () => {
  it("are pulled once, kept by digest, and served from the cache when pinned", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "wardenkit-module-cache-"));
    const [byTag] = await loadPolicySet([], [{ object: manifest(`registry://${registry!.host}/policies/required-labels:v1`), source: "set.yaml" }], new ModuleResolver({ cacheDir }));
    expect(evaluatePolicy(byTag, new JudgedRequest(unlabelled), context, "pod").result).toBe("fail");
    expect(readdirSync(cacheDir)).toEqual([`${digest.replace(":", "-")}.wasm`]);

    const pinned = `registry://${registry!.host}/policies/required-labels@${digest}`;
    await registry!.stop();
    registry = undefined;
    const [cached] = await loadPolicySet([], [{ object: manifest(pinned), source: "set.yaml" }], new ModuleResolver({ cacheDir }));
    expect(evaluatePolicy(cached, new JudgedRequest(unlabelled), context, "pod").message).toBe("Pod shop/web is missing required labels owner");
  });

  it("name the manifest when the registry cannot answer", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "wardenkit-module-cache-"));
    const loading = loadPolicySet([], [{ object: manifest("registry://127.0.0.1:9/policies/none:v1"), source: "set.yaml" }], new ModuleResolver({ cacheDir }));
    await expect(loading).rejects.toThrow(/^set\.yaml: ClusterAdmissionPolicy owner: module registry:\/\/127\.0\.0\.1:9\/policies\/none:v1: /);
  });
});
