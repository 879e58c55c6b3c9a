// Policies and groups of a set, loaded from manifests and evaluated through the real
// modules: modes, custom messages, settings checks, group expressions and their errors,
// one compilation per module.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { JudgedRequest } from "../../src/policyset/judged-request.ts";
import { evaluatePolicy, MUTATION_IN_GROUP } from "../../src/policyset/evaluate.ts";
import { ModuleResolver } from "../../src/modules/module-resolver.ts";
import { Namespaces } from "../../src/policyset/namespaces.ts";
import { loadPolicySet, type LoadedPolicy } from "../../src/policyset/policy-set.ts";
import { requestFor } from "../../src/policyset/requests.ts";
import { SuiteError } from "../../src/policyset/suite-error.ts";
import type { PolicyObject } from "../../src/manifests/policy-documents.ts";
import { PROJECT } from "../support/project.ts";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";

const MODULE = (name: string) => `registry://registry.example.test/policies/${name}:v1`;
const aliases = Object.fromEntries(["required-labels", "run-as-non-root", "sql-claim-size", "pod-density"].map((p) => [MODULE(p), p]));
const resolver = () => new ModuleResolver({ aliases, distDir: PROJECT.folders.dist });
const POD_RULES = [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE", "UPDATE"] }];

function cap(name: string, spec: Record<string, unknown>): PolicyObject {
  return { apiVersion: "policies.kubewarden.io/v1", kind: "ClusterAdmissionPolicy", metadata: { name }, spec: { module: MODULE("required-labels"), rules: POD_RULES, mutating: false, settings: { requiredLabels: ["owner"] }, ...spec } };
}

function group(name: string, expression: string, extra: Record<string, unknown> = {}): PolicyObject {
  return {
    apiVersion: "policies.kubewarden.io/v1",
    kind: "ClusterAdmissionPolicyGroup",
    metadata: { name },
    spec: {
      rules: POD_RULES,
      expression,
      message: "pods need an owner, or must run as non-root",
      policies: {
        owned: { module: MODULE("required-labels"), settings: { requiredLabels: ["owner"] } },
        non_root: { module: MODULE("run-as-non-root"), settings: {} },
      },
      ...extra,
    },
  };
}

async function load(...objects: PolicyObject[]): Promise<LoadedPolicy[]> {
  return loadPolicySet([], objects.map((object, i) => ({ object, source: `set.yaml #${i + 1}` })), resolver());
}

const context = { namespaces: new Namespaces(), capabilities: () => ({}), controllerNamespace: "kubewarden" };
const pod = (labels: Record<string, string>, runAsUser: number) => ({
  apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop", labels },
  spec: { securityContext: runAsUser ? { runAsNonRoot: true, runAsUser } : { runAsUser: 0 }, containers: [{ name: "c", image: "i" }] },
});
/** A pod whose only fault is leaving runAsNonRoot unset: run-as-non-root with mutate: true patches it. */
const unsetPod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop" }, spec: { containers: [{ name: "c", image: "i" }] } };
const verdictOf = (policy: LoadedPolicy, object: KubernetesObject = pod({}, 1000)) => evaluatePolicy(policy, new JudgedRequest(requestFor(object)), context, "objects.yaml");

describe("a ClusterAdmissionPolicy", () => {
  it("passes and fails with the module's own message", async () => {
    const [policy] = await load(cap("owner", {}));
    expect(verdictOf(policy, pod({ owner: "a" }, 1000))).toMatchObject({ result: "pass" });
    expect(verdictOf(policy)).toMatchObject({ result: "fail", message: "Pod shop/web is missing required labels owner" });
  });

  it("in monitor mode turns a denial into a warning with the would-be message", async () => {
    const [policy] = await load(cap("owner", { mode: "monitor", message: "custom" }));
    expect(verdictOf(policy)).toMatchObject({ result: "warn", message: "Pod shop/web is missing required labels owner" });
    expect(verdictOf(policy, pod({ owner: "a" }, 1000))).toMatchObject({ result: "pass" });
  });

  it("replaces the message with spec.message, as policy-server does", async () => {
    const [policy] = await load(cap("owner", { message: "every pod needs an owner" }));
    expect(verdictOf(policy)).toMatchObject({ result: "fail", message: "every pod needs an owner" });
  });

  it("refuses a mutation when spec.mutating is false", async () => {
    const [policy] = await load(cap("non-root", { module: MODULE("run-as-non-root"), settings: { mutate: true } }));
    expect(verdictOf(policy, unsetPod).message).toBe(
      "Request rejected by policy clusterwide-non-root. The policy attempted to mutate the request, but it is currently configured to not allow mutations.");
  });

  it("makes invalid settings an error of the set, naming the manifest", async () => {
    await expect(load(cap("owner", { settings: { requiredLabels: "owner" } }))).rejects.toThrow(SuiteError);
    await expect(load(cap("owner", { settings: { requiredLabels: "owner" } }))).rejects.toThrow(
      "set.yaml #1: ClusterAdmissionPolicy owner: Policy settings are invalid: requiredLabels must be a list of strings, not string \"owner\" (a policy-server would not start)");
  });

  it("checks the manifest against the CRD schema", async () => {
    await expect(load(cap("owner", { mode: "audit" }))).rejects.toThrow(/set\.yaml #1: ClusterAdmissionPolicy owner: the ClusterAdmissionPolicy does not match its CRD schema: .*mode/);
    await expect(load(cap("Bad_Name", {}))).rejects.toThrow(/metadata.name "Bad_Name" is not a valid name/);
  });

  it("refuses a rule the API server refuses in a webhook, since the policy would never see a request", async () => {
    await expect(load(cap("owner", { rules: [{ ...POD_RULES[0], resources: ["*", "pods"] }] }))).rejects.toThrow(
      "set.yaml #1: ClusterAdmissionPolicy owner: spec.rules[0].resources: if '*' is present, must not specify other resources without subresources; the API server refuses such a webhook, so the policy would never see a request");
  });

  it("names a module it cannot find", async () => {
    await expect(load(cap("owner", { module: "file:///nonexistent/policy.wasm" }))).rejects.toThrow(
      "set.yaml #1: ClusterAdmissionPolicy owner: module file:///nonexistent/policy.wasm: cannot read /nonexistent/policy.wasm: ENOENT");
    await expect(load(cap("owner", { module: "https://example.test/p.wasm" }))).rejects.toThrow(/https:\/\/ modules are not fetched here; map it/);
  });

  it("compiles each module once, however many policies name it", async () => {
    const r = resolver();
    await loadPolicySet([], [cap("a", {}), cap("b", {}), group("g", "owned() && non_root()")].map((object) => ({ object, source: "set.yaml" })), r);
    expect(r.compiled).toBe(2);
  });

  it("reads file:// modules, relative ones from the suite's folder", async () => {
    const r = new ModuleResolver({ baseDir: PROJECT.root });
    const [policy] = await loadPolicySet([], [{ object: cap("owner", { module: "file://dist/required-labels.wasm" }), source: "set.yaml" }], r);
    expect(verdictOf(policy).result).toBe("fail");
  });

  it("reads a manifest file's relative module locations from its folder, as apply does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-set-"));
    mkdirSync(join(dir, "manifests"));
    mkdirSync(join(dir, "modules"));
    copyFileSync(join(PROJECT.folders.dist, "required-labels.wasm"), join(dir, "modules", "labels.wasm"));
    writeFileSync(join(dir, "manifests", "set.yaml"), stringify(cap("owner", { module: "../modules/labels.wasm" })));
    const [policy] = await loadPolicySet([join(dir, "manifests")], [], new ModuleResolver({ baseDir: PROJECT.root }));
    expect(verdictOf(policy).result).toBe("fail");
  });

  it("defines each policy once", async () => {
    await expect(load(cap("owner", {}), cap("owner", {}))).rejects.toThrow("set.yaml #2: ClusterAdmissionPolicy owner is defined twice (also in set.yaml #1)");
  });
});

describe("an AdmissionPolicy", () => {
  it("is keyed by namespace and judges only its namespace", async () => {
    const [policy] = await load({ ...cap("owner", {}), kind: "AdmissionPolicy", metadata: { name: "owner", namespace: "shop" } });
    expect(policy).toMatchObject({ key: "shop/owner", uniqueName: "namespaced-shop-owner" });
    expect(verdictOf(policy).result).toBe("fail");
    const elsewhere = { ...pod({}, 1000), metadata: { name: "web", namespace: "bank" } };
    expect(verdictOf(policy, elsewhere)).toMatchObject({ result: "skip", message: "an AdmissionPolicy only sees namespace shop" });
  });
});

describe("a policy group", () => {
  it.each([
    ["owned() && non_root()", { owner: "a" }, 1000, "pass"],
    ["owned() && non_root()", {}, 1000, "fail"],
    ["owned() || non_root()", {}, 1000, "pass"],
    ["owned() || non_root()", {}, 0, "fail"],
    ["!owned()", {}, 1000, "pass"],
    ["owned() == non_root()", {}, 0, "pass"],
    ["owned() != non_root()", { owner: "a" }, 0, "pass"],
    ["true || owned()", {}, 0, "pass"],
  ])("%s for labels %j, runAsUser %d: %s", async (expression, labels, user, result) => {
    const [policy] = await load(group("g", expression));
    expect(verdictOf(policy, pod(labels, user)).result).toBe(result);
  });

  it("denies with the group's message and lists each denied member it called", async () => {
    const [policy] = await load(group("g", "owned() || non_root()"));
    expect(verdictOf(policy, pod({}, 0))).toMatchObject({
      result: "fail",
      message: "pods need an owner, or must run as non-root",
      causes: [
        { field: "spec.policies.owned", message: "Pod shop/web is missing required labels owner" },
        { field: "spec.policies.non_root", message: expect.stringContaining("runs as root (runAsUser 0)") },
      ],
    });
  });

  it("calls members left to right and only as far as needed", async () => {
    const [policy] = await load(group("g", "owned() && non_root()"));
    expect(verdictOf(policy, pod({}, 0)).causes).toEqual([{ field: "spec.policies.owned", message: "Pod shop/web is missing required labels owner" }]);
  });

  it("warns instead of denying in monitor mode", async () => {
    const [policy] = await load(group("g", "owned()", { mode: "monitor" }));
    expect(verdictOf(policy)).toMatchObject({ result: "warn", message: "pods need an owner, or must run as non-root" });
  });

  it("does not let a member mutate", async () => {
    const mutating = group("g", "non_root()");
    (mutating.spec!.policies as Record<string, { settings: unknown }>).non_root.settings = { mutate: true };
    const [policy] = await load(mutating);
    expect(verdictOf(policy, unsetPod).causes).toEqual([{ field: "spec.policies.non_root", message: MUTATION_IN_GROUP }]);
  });

  it.each([
    ["owned() && missing()", "missing() is not a member of the group (members: owned, non_root)"],
    ["owned(1)", "owned() takes no arguments"],
    ["owned() && size('a') == 1", "size() is not a member of the group (members: owned, non_root)"],
    ["owned() && 1 == 1", "only member calls, true, false, ==, !=, &&, || and ! are allowed"],
    ["owned() &&", /Syntax|expecting|found/],
    ["", "it must be non-empty"],
  ])("refuses the expression %j", async (expression, why) => {
    const loading = load(group("g", expression));
    await expect(loading).rejects.toThrow(SuiteError);
    await expect(load(group("g", expression))).rejects.toThrow(typeof why === "string" ? `set.yaml #1: ClusterAdmissionPolicyGroup g: spec.expression ${JSON.stringify(expression)} is invalid: ${why}` : why);
  });

  it("refuses invalid member settings and member names, as policy-server and the controller do", async () => {
    const bad = group("g", "owned()");
    (bad.spec!.policies as Record<string, { settings: unknown }>).owned.settings = { requiredLabels: 3 };
    await expect(load(bad)).rejects.toThrow("set.yaml #1: ClusterAdmissionPolicyGroup g, member owned: Policy settings are invalid:");
    const reserved = group("g", "owned()");
    (reserved.spec!.policies as Record<string, unknown>).in = { module: MODULE("required-labels") };
    await expect(load(reserved)).rejects.toThrow("policy group member name 'in' is invalid");
  });
});
