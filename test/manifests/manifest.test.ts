// Policy manifests: every policy of the repository, both kinds, both modes, checked against
// the real Kubewarden CRD schemas; the manifest command; the manifests publish writes.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CRD_DIR, CRD_FILES, validatePolicyManifest } from "../../src/manifests/crd-schema.ts";
import { manifestText } from "../../src/manifests/manifest-text.ts";
import { manifestForModule, type ModuleManifestOptions } from "../../src/manifests/module-manifest.ts";
import { POLICIES_API_VERSION as POLICY_API_VERSION, type PolicyKind } from "../../src/kubewarden/policy-kinds.ts";
import { COPIED_ANNOTATIONS, type PolicyManifest } from "../../src/manifests/policy-manifest.ts";
import { deploySettings, publishedManifestWriter } from "../../src/manifests/published-manifests.ts";
import { toAjvSchema } from "../../src/manifests/structural-schema.ts";
import { publishPolicies } from "../../src/oci/publish.ts";
import { PROJECT } from "../support/project.ts";
import { readPolicyMetadata, type PolicyMetadata } from "../../src/wasm/policy-metadata.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { runWardenkit } from "../support/run-command.ts";

const DIST = PROJECT.folders.dist;
const MODULE = "registry://registry.example:5000/wardenkit/policy@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const NAMESPACE = "team-a";

/** Every policy of the project; the suite's global setup has built them. */
const POLICIES = PROJECT.policies.map((p) => p.name);
const SETTINGS = PROJECT;
const wasmPath = (policy: string) => join(DIST, `${policy}.wasm`);
const metadataOf = (policy: string): PolicyMetadata => readPolicyMetadata(readFileSync(wasmPath(policy)));

function options(policy: string, overrides: Partial<ModuleManifestOptions> = {}): ModuleManifestOptions {
  return { kind: "ClusterAdmissionPolicy", module: MODULE, settings: deploySettings(policy, SETTINGS), mode: "protect", policyServer: "default", ...overrides };
}

/** Why an AdmissionPolicy is refused for this metadata, if it is. */
function admissionPolicyRefusal(metadata: PolicyMetadata): RegExp | null {
  if (metadata.contextAwareResources.length) return /reads .* from the cluster, which only a ClusterAdmissionPolicy may allow; use --kind ClusterAdmissionPolicy/;
  const everything = metadata.rules.some((r) => (r.apiGroups.includes("*") || r.apiVersions.includes("*")) && r.resources.some((x) => x === "*" || x === "*/*"));
  return everything ? /matches every resource \("\*" with "\*"\), which an AdmissionPolicy may not do; use --kind ClusterAdmissionPolicy/ : null;
}

function expectFromMetadata(manifest: PolicyManifest, policy: string, kind: PolicyKind, mode: string): void {
  const metadata = metadataOf(policy);
  expect(manifest).toMatchObject({ apiVersion: POLICY_API_VERSION, kind, metadata: { name: policy } });
  const annotations = Object.fromEntries(COPIED_ANNOTATIONS.filter((k) => metadata.annotations?.[k]).map((k) => [k, metadata.annotations![k]]));
  expect(manifest.metadata.annotations ?? {}).toEqual(annotations);
  expect(manifest.spec).toMatchObject({
    module: MODULE,
    mode,
    policyServer: "default",
    rules: metadata.rules,
    mutating: metadata.mutating,
    backgroundAudit: metadata.backgroundAudit,
    settings: deploySettings(policy, SETTINGS),
  });
  if (kind === "ClusterAdmissionPolicy") expect(manifest.spec.contextAwareResources).toEqual(metadata.contextAwareResources);
  else expect(manifest.spec).not.toHaveProperty("contextAwareResources");
  expect(parse(manifestText(manifest))).toEqual(manifest);
  expect(JSON.parse(manifestText(manifest, "json"))).toEqual(manifest);
}

describe("the policies of this repository", () => {
  it("are all found", () => {
    expect(POLICIES).toEqual(expect.arrayContaining(["required-labels", "sql-claim-size"]));
  });

  describe.each(POLICIES)("%s", (policy) => {
    it.each(["protect", "monitor"])("makes a ClusterAdmissionPolicy in %s mode with rules, mutating and contextAwareResources from the metadata", async (mode) => {
      const manifest = await manifestForModule(wasmPath(policy), options(policy, { mode }));
      expectFromMetadata(manifest, policy, "ClusterAdmissionPolicy", mode);
      expect(manifest.metadata).not.toHaveProperty("namespace");
    });

    it.each(["protect", "monitor"])("makes an AdmissionPolicy in %s mode, or refuses it with the reason", async (mode) => {
      const made = manifestForModule(wasmPath(policy), options(policy, { kind: "AdmissionPolicy", namespace: NAMESPACE, mode }));
      const refusal = admissionPolicyRefusal(metadataOf(policy));
      if (refusal) return void (await expect(made).rejects.toThrow(refusal));
      const manifest = await made;
      expectFromMetadata(manifest, policy, "AdmissionPolicy", mode);
      expect(manifest.metadata.namespace).toBe(NAMESPACE);
    });

    it("refuses settings its validate_settings rejects, saying a policy-server would not start", async () => {
      await expect(manifestForModule(wasmPath(policy), options(policy, { settings: { notASetting: true } }))).rejects.toThrow(
        new RegExp(`^${policy} rejects these settings \\(a policy-server would not start with them\\): .*notASetting`),
      );
    });

    it("has deploy settings (its settings.yml) that its validate_settings accepts", async () => {
      await expect(manifestForModule(wasmPath(policy), options(policy))).resolves.toBeTruthy();
    });
  });
});

describe("manifest options", () => {
  const policy = "required-labels";

  it("names a setting the policy requires when it is missing", async () => {
    await expect(manifestForModule(wasmPath("sql-claim-size"), options("sql-claim-size", { settings: {} }))).rejects.toThrow(
      /^sql-claim-size rejects these settings \(a policy-server would not start with them\): allowedSizes is required/,
    );
  });

  it("lets a mutating policy run as a validating one, but not the reverse", async () => {
    const mutating = POLICIES.find((p) => metadataOf(p).mutating);
    if (mutating) {
      const manifest = await manifestForModule(wasmPath(mutating), options(mutating, { mutating: false }));
      expect(manifest.spec.mutating).toBe(false);
    }
    await expect(manifestForModule(wasmPath(policy), options(policy, { mutating: true }))).rejects.toThrow(
      "required-labels is not mutating in its metadata, so it cannot run as a mutating policy",
    );
  });

  it("excludes namespaces with matchExpressions, since the controller drops matchLabels", async () => {
    const manifest = await manifestForModule(wasmPath(policy), options(policy, { excludeNamespaces: ["kube-system", "kube-public"] }));
    expect(manifest.spec.namespaceSelector).toEqual({
      matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "kube-public"] }],
    });
  });

  it("limits a policy to chosen namespaces with an In expression beside the exclusions", async () => {
    const manifest = await manifestForModule(wasmPath(policy), options(policy, { includeNamespaces: ["shop"], excludeNamespaces: ["kube-system"] }));
    expect(manifest.spec.namespaceSelector).toEqual({
      matchExpressions: [
        { key: "kubernetes.io/metadata.name", operator: "In", values: ["shop"] },
        { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system"] },
      ],
    });
  });

  it("writes message, timeoutSeconds and failurePolicy, and refuses an unknown failure policy", async () => {
    const manifest = await manifestForModule(wasmPath(policy), options(policy, { message: "label it", timeoutSeconds: 5, failurePolicy: "Ignore", name: "labels" }));
    expect(manifest.spec).toMatchObject({ message: "label it", timeoutSeconds: 5, failurePolicy: "Ignore" });
    expect(manifest.metadata.name).toBe("labels");
    await expect(manifestForModule(wasmPath(policy), options(policy, { failurePolicy: "Maybe" }))).rejects.toThrow('failurePolicy must be Ignore or Fail, not "Maybe"');
  });

  it("needs a namespace for an AdmissionPolicy and none for a ClusterAdmissionPolicy", async () => {
    await expect(manifestForModule(wasmPath("sql-claim-size"), options("sql-claim-size", { kind: "AdmissionPolicy" }))).rejects.toThrow(
      "an AdmissionPolicy lives in a namespace: give one with --namespace",
    );
    await expect(manifestForModule(wasmPath(policy), options(policy, { namespace: NAMESPACE }))).rejects.toThrow(/a ClusterAdmissionPolicy is cluster-wide and takes no namespace/);
  });

  it("refuses names and modules Kubernetes or a policy-server would refuse", async () => {
    await expect(manifestForModule(wasmPath(policy), options(policy, { name: "Required_Labels" }))).rejects.toThrow(/^metadata.name "Required_Labels" is not a valid name/);
    await expect(manifestForModule(wasmPath(policy), options(policy, { module: "oci://x/y:v1" }))).rejects.toThrow(/has scheme oci:\/\/, which a policy-server cannot fetch/);
  });
});

describe("the CRD schema check", () => {
  const policy = "required-labels";

  it("refuses a mode the CRD does not know, naming the field and the allowed values", async () => {
    await expect(manifestForModule(wasmPath(policy), options(policy, { mode: "enforce" }))).rejects.toThrow(
      'the ClusterAdmissionPolicy does not match its CRD schema: spec.mode must be one of protect, monitor (got "enforce")',
    );
  });

  it("refuses a timeout out of the CRD's 2–30 range", async () => {
    await expect(manifestForModule(wasmPath(policy), options(policy, { timeoutSeconds: 99 }))).rejects.toThrow(
      "the ClusterAdmissionPolicy does not match its CRD schema: spec.timeoutSeconds must be <= 30 (got 99)",
    );
  });

  it("refuses unknown fields, fields of the wrong type and missing required fields", async () => {
    const manifest = await manifestForModule(wasmPath(policy), options(policy));
    const broken = { ...manifest, spec: { ...manifest.spec, timeoutSecond: 5, mutating: "no", module: undefined, settings: ["a"] } };
    expect(() => validatePolicyManifest(broken)).toThrow(
      "the ClusterAdmissionPolicy does not match its CRD schema: spec is missing module; spec has an unknown field timeoutSecond; " +
        'spec.mutating must be boolean (got "no"); spec.settings must be object or null (got ["a"])',
    );
  });

  it("refuses a ClusterAdmissionPolicy field in an AdmissionPolicy", async () => {
    const manifest = await manifestForModule(wasmPath("sql-claim-size"), options("sql-claim-size", { kind: "AdmissionPolicy", namespace: NAMESPACE }));
    expect(() => validatePolicyManifest({ ...manifest, spec: { ...manifest.spec, namespaceSelector: {} } })).toThrow(
      "the AdmissionPolicy does not match its CRD schema: spec has an unknown field namespaceSelector",
    );
    expect(() => validatePolicyManifest({ ...manifest, metadata: { name: "x" } })).toThrow("this AdmissionPolicy is namespaced, so metadata.namespace must be set");
  });

  it("accepts null settings, as the CRD marks them nullable", async () => {
    const manifest = await manifestForModule(wasmPath(policy), options(policy));
    expect(() => validatePolicyManifest({ ...manifest, spec: { ...manifest.spec, settings: null } })).not.toThrow();
  });

  it("translates Kubernetes' structural schema keywords for ajv", () => {
    const schema = toAjvSchema({
      type: "object",
      properties: {
        port: { "x-kubernetes-int-or-string": true },
        extra: { type: "object", nullable: true, "x-kubernetes-preserve-unknown-fields": true },
        enumWithFieldNames: { type: "string", enum: ["nullable", "properties"] },
      },
    });
    expect(schema).toEqual({
      type: "object",
      additionalProperties: false,
      properties: {
        port: { "x-kubernetes-int-or-string": true, type: ["integer", "string"] },
        extra: { type: ["object", "null"], "x-kubernetes-preserve-unknown-fields": true },
        enumWithFieldNames: { type: "string", enum: ["nullable", "properties"] },
      },
    });
  });

  it("reads CRD files unchanged from the Kubewarden chart (deploy/crds/SHA256SUMS)", () => {
    const sums = new Map(readFileSync(join(CRD_DIR, "SHA256SUMS"), "utf8").trim().split("\n").map((line) => line.split(/\s+/).reverse() as [string, string]));
    for (const file of Object.values(CRD_FILES)) {
      expect(createHash("sha256").update(readFileSync(join(CRD_DIR, file))).digest("hex"), file).toBe(sums.get(file));
    }
  });
});

const wardenkit = (...args: string[]) => runWardenkit(args);

describe("wardenkit manifest", () => {
  it("prints YAML that parses back and passes the CRD schema", async () => {
    const run = await wardenkit("manifest", "sql-claim-size", "--module", MODULE, "--settings", "policies/sql-claim-size/settings.yml", "--mode", "monitor", "--namespace-selector-exclude", "kube-system");
    expect(run.stderr).toBe("");
    const manifest = parse(run.stdout);
    expect(() => validatePolicyManifest(manifest)).not.toThrow();
    expect(manifest.spec).toMatchObject({ mode: "monitor", settings: { allowedSizes: ["small", "medium"] }, rules: metadataOf("sql-claim-size").rules });
  });

  it("prints JSON with -o json and takes kubectl's short kind names", async () => {
    const run = await wardenkit("manifest", wasmPath("sql-claim-size"), "--module", MODULE, "--kind", "ap", "-n", NAMESPACE, "--settings", '{"allowedSizes":["small"]}', "-o", "json");
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: "AdmissionPolicy", metadata: { name: "sql-claim-size", namespace: NAMESPACE } });
  });

  it("says what is wrong in one line, without a stack", async () => {
    const invalid = await wardenkit("manifest", "sql-claim-size", "--module", MODULE, "--settings", "{}");
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toBe("");
    expect(invalid.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^wardenkit manifest: invalid settings: .*allowedSizes is required/)]);
    const schema = await wardenkit("manifest", "required-labels", "--module", MODULE, "--timeout-seconds", "99");
    expect(schema.stderr.trim()).toBe("wardenkit manifest: the ClusterAdmissionPolicy does not match its CRD schema: spec.timeoutSeconds must be <= 30 (got 99)");
    const wildcard = await wardenkit("manifest", "required-labels", "--module", MODULE, "--kind", "AdmissionPolicy", "--namespace", NAMESPACE);
    expect(wildcard.stderr.trim()).toBe('wardenkit manifest: required-labels matches every resource ("*" with "*"), which an AdmissionPolicy may not do; use --kind ClusterAdmissionPolicy');
    const usage = await wardenkit("manifest", "required-labels");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("missing --module");
  });
});

describe("manifests written by publish", () => {
  let registry: RunningRegistry;
  let dist: string;
  beforeAll(async () => {
    registry = await startRegistry();
    dist = mkdtempSync(join(tmpdir(), "wardenkit-manifests-"));
    for (const policy of POLICIES) copyFileSync(wasmPath(policy), join(dist, `${policy}.wasm`));
  });
  afterAll(async () => {
    await registry?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it("pins every pushed policy by digest in dist/manifests/<policy>.yaml, with its deploy settings", async () => {
    const published = await publishPolicies({ registry: `${registry.host}/wardenkit`, version: "1.0.0", distDir: dist, policies: POLICIES, env: {}, writePolicyManifest: publishedManifestWriter(dist, SETTINGS) });
    expect(published.map((p) => p.policy)).toEqual(POLICIES);
    for (const p of published) {
      const manifest = parse(readFileSync(join(dist, "manifests", `${p.policy}.yaml`), "utf8"));
      expect(() => validatePolicyManifest(manifest)).not.toThrow();
      expect(manifest.spec.module).toBe(`registry://${registry.host}/wardenkit/${p.policy}@${p.digest}`);
      expect(manifest).toMatchObject({ kind: "ClusterAdmissionPolicy", metadata: { name: p.policy }, spec: { settings: deploySettings(p.policy, SETTINGS), mode: "protect" } });
    }
  });

  it("is what the publish command writes", async () => {
    const cliDist = join(dist, "cli");
    mkdirSync(cliDist);
    for (const policy of POLICIES) copyFileSync(wasmPath(policy), join(cliDist, `${policy}.wasm`));
    const run = await wardenkit("publish", "--registry", `${registry.host}/cli`, "--dist", cliDist, "-o", "json");
    expect(run.stderr).toBe("");
    const published = JSON.parse(run.stdout).find((p: { policy: string }) => p.policy === "required-labels");
    const manifest = parse(readFileSync(join(cliDist, "manifests", "required-labels.yaml"), "utf8"));
    expect(manifest.spec.module).toBe(published.reference);
    expect(published.reference).toMatch(/^registry:\/\/.*\/cli\/required-labels@sha256:[0-9a-f]{64}$/);
  });
});
