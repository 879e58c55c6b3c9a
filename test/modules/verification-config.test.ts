// --verification-config at every command that fetches a module from a registry (pull, check,
// test suites, serve, apply's settings check), on the real distribution registry with a module
// signed as cosign signs it and one left unsigned: the signed one is used, the unsigned one is
// refused with the rule it does not satisfy, and nothing of it reaches the module cache.
// apply runs against the run's real kube-apiserver with Kubewarden's policy CRDs.
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { checkPolicySettings } from "../../src/cluster/settings-check.ts";
import { moduleVerification } from "../../src/modules/module-verification.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { publicKeyPem } from "../../src/signing/key-pair.ts";
import { signImage } from "../../src/signing/sign-image.ts";
import { PROJECT } from "../support/project.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { runWardenkit } from "../support/run-command.ts";
import { admissionReview, podRequest, startTestServer } from "../serve/support/harness.ts";
import { clusterUser, realKubeApiServer } from "../support/real-kube-api-server.ts";
import { installPolicyCrds, objectApi } from "../support/cluster-objects.ts";

let registry: RunningRegistry;
let dir: string;
let config: string;
let signed: string;
let unsigned: string;
let env: NodeJS.ProcessEnv;
const RULE = /is refused by .*verification-config\.yml: allOf\[0\] \(pubKey of release, line \d+\) is not satisfied \(no signatures found/;

beforeAll(async () => {
  registry = await startRegistry();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-verification-config-"));
  const key = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
  const module = readFileSync(join(PROJECT.folders.dist, "required-labels.wasm"));
  signed = `registry://${registry.host}/policies/required-labels:v1`;
  unsigned = `registry://${registry.host}/policies/unsigned:v1`;
  await pushPolicy(module, signed);
  await pushPolicy(module, unsigned);
  await signImage(signed, key);
  config = join(dir, "verification-config.yml");
  writeFileSync(config, stringify({ apiVersion: "v1", allOf: [{ kind: "pubKey", owner: "release", key: publicKeyPem(key) }] }));
  // Pulls land in this run's own cache folder, in-process (serve, apply's check) and in commands alike.
  process.env.WARDENKIT_CACHE_DIR = join(dir, "cache");
  env = { ...process.env };
});

afterAll(async () => {
  delete process.env.WARDENKIT_CACHE_DIR;
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cached = () => (existsSync(join(dir, "cache")) ? readdirSync(join(dir, "cache")).filter((f) => f.endsWith(".wasm")) : []);

function policyManifest(name: string, module: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, stringify({
    apiVersion: "policies.kubewarden.io/v1", kind: "ClusterAdmissionPolicy", metadata: { name },
    spec: { module, rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"] }], mutating: false, settings: { requiredLabels: ["owner"] } },
  }));
  return path;
}

describe("--verification-config", () => {
  it("pull: writes a signed module, pulled by the digest verified, and refuses an unsigned one naming the rule", async () => {
    const ok = await runWardenkit(["pull", signed, "--output-file", join(dir, "signed.wasm"), "--verification-config", config], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`registry://${registry.host}/policies/required-labels@sha256:[0-9a-f]{64} -> `));
    const refused = await runWardenkit(["pull", unsigned, "--output-file", join(dir, "unsigned.wasm"), "--verification-config", config], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(RULE);
    expect(existsSync(join(dir, "unsigned.wasm"))).toBe(false);
  });

  it("check: loads a signed registry module; refuses an unsigned one before checking anything, and caches nothing of it", async () => {
    const pod = join(dir, "pod.yaml");
    writeFileSync(pod, stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", labels: { owner: "shop" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } }));
    const ok = await runWardenkit(["check", "--policies", policyManifest("signed", signed), "--verification-config", config, pod], { env });
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    const before = cached();
    const refused = await runWardenkit(["check", "--policies", policyManifest("unsigned", unsigned), "--verification-config", config, pod], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(RULE);
    expect(cached()).toEqual(before);
  });

  it("test: a suite whose policy is an unsigned registry module fails, naming the rule", async () => {
    const suite = (module: string) => {
      const name = module === unsigned ? "unsigned" : "signed";
      const path = join(dir, `${name}.suite.yaml`);
      writeFileSync(path, stringify({
        policies: [policyManifest(`suite-${name}`, module)],
        resources: [{
          name: "a labelled pod",
          object: { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", labels: { owner: "shop" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } },
          results: { [`suite-${name}`]: "pass" },
        }],
      }));
      return path;
    };
    const ok = await runWardenkit(["test", suite(signed), "--verification-config", config], { env });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const refused = await runWardenkit(["test", suite(unsigned), "--verification-config", config], { env });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(RULE);
  });

  it("serve: serves the signed module and not the unsigned one", async () => {
    const policies = join(dir, "policies.yml");
    writeFileSync(policies, stringify({ signed: { module: signed, settings: { requiredLabels: ["owner"] } }, unsigned: { module: unsigned, settings: { requiredLabels: ["owner"] } } }));
    const server = await startTestServer({ distDir: dir, configPath: policies, watch: false, verification: moduleVerification(config) });
    try {
      const review = admissionReview(podRequest("web", { owner: "shop" }));
      expect((await server.client.post("/validate/signed", review)).json().response.allowed).toBe(true);
      expect((await server.client.post("/validate/unsigned", review)).status).toBe(404);
      expect(server.logs.join("\n")).toMatch(RULE);
    } finally {
      await server.close();
    }
  });

  it("apply: applies a policy whose registry module is signed, and nothing when one is not, with no local stand-in", async () => {
    const state = await realKubeApiServer();
    const admin = clusterUser(state, dir);
    await installPolicyCrds(state, objectApi(admin.kubeConfig));
    const apply = (...manifests: string[]) =>
      runWardenkit(["apply", ...manifests, "--verification-config", config], { env: { ...env, KUBECONFIG: admin.kubeconfig } });
    const ok = await apply(policyManifest("apply-signed", signed));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("ClusterAdmissionPolicy apply-signed applied");
    // dist/ holds required-labels.wasm, which stands in for a module that cannot be pulled only without a config.
    const refused = await apply(policyManifest("apply-signed-again", signed), policyManifest("apply-unsigned", unsigned));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/nothing applied: ClusterAdmissionPolicy apply-unsigned: module refused: /);
    expect(refused.stderr).toMatch(RULE);
    expect(refused.stdout).not.toContain("applied");
  });

  it("apply's settings check: the signed module judges the settings, the unsigned one is refused", async () => {
    const documents = (module: string) => [{ object: { apiVersion: "policies.kubewarden.io/v1", kind: "ClusterAdmissionPolicy", metadata: { name: "labels" }, spec: { module, settings: { requiredLabels: ["owner"] } } }, source: join(dir, "p.yaml") }];
    const options = { distDir: PROJECT.folders.dist, verification: moduleVerification(config) };
    expect(await checkPolicySettings(documents(signed) as never, options)).toEqual({ invalid: [], notes: [] });
    const refused = await checkPolicySettings(documents(unsigned) as never, options);
    expect(refused).toMatchObject({ notes: [], invalid: [expect.stringMatching(/^ClusterAdmissionPolicy labels: module refused: .*is not satisfied/)] });
  });

  it("is refused when the file is not a verification config, before anything is fetched", async () => {
    const bad = join(dir, "bad.yml");
    writeFileSync(bad, "apiVersion: v2\nallOf: []\n");
    const result = await runWardenkit(["pull", signed, "--output-file", join(dir, "x.wasm"), "--verification-config", bad], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is not a supported version");
    expect(existsSync(join(dir, "x.wasm"))).toBe(false);
  });
});
