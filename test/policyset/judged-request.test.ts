// Each object's request is converted to CEL values once and serialised once, however many
// policies judge it, on the path `check` takes and on the one `audit` takes; the policies'
// verdicts are those of their real modules.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { auditObject } from "../../src/audit/audit-object.ts";
import type { AuditPolicy } from "../../src/audit/audit-policies.ts";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import type { PolicyObject } from "../../src/manifests/policy-documents.ts";
import { ModuleResolver } from "../../src/modules/module-resolver.ts";
import { toCel } from "../../src/policyset/cel-values.ts";
import { checkAll } from "../../src/policyset/check.ts";
import { Namespaces } from "../../src/policyset/namespaces.ts";
import { loadPolicySet, type LoadedPolicy } from "../../src/policyset/policy-set.ts";
import { PROJECT } from "../support/project.ts";

vi.mock("../../src/policyset/cel-values.ts", async (original) => {
  const real = await original<typeof import("../../src/policyset/cel-values.ts")>();
  return { toCel: vi.fn(real.toCel) };
});

const POLICIES = 5;
const PODS = ["a", "b", "c"];

function policy(i: number): PolicyObject {
  return {
    apiVersion: "policies.kubewarden.io/v1", kind: "ClusterAdmissionPolicy", metadata: { name: `owner-${i}` },
    spec: {
      module: "file://dist/required-labels.wasm", mutating: false, settings: { requiredLabels: [`owner-${i}`] },
      rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"] }],
      matchConditions: [{ name: "pods", expression: "object.kind == 'Pod' && request.operation == 'CREATE'" }],
    },
  };
}

const pod = (name: string): KubernetesObject => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "shop", uid: `uid-${name}`, labels: { "owner-0": "x" } },
  spec: { containers: [{ name: "c", image: "i" }] },
});

/** How many times each pod was converted to CEL, and how many times a request carrying it was serialised. */
function perPod(stringify: MockInstance<typeof JSON.stringify>): Record<string, { cel: number; json: number }> {
  const named = (value: unknown, name: string) => (value as KubernetesObject | undefined)?.metadata?.name === name;
  const celCalls = vi.mocked(toCel).mock.calls.map(([value]) => value);
  const jsonCalls = stringify.mock.calls.map(([value]) => (value as { object?: unknown } | undefined)?.object);
  return Object.fromEntries(PODS.map((name) => [name, {
    cel: celCalls.filter((value) => named(value, name)).length,
    json: jsonCalls.filter((value) => named(value, name)).length,
  }]));
}

let policies: LoadedPolicy[];
let stringify: MockInstance<typeof JSON.stringify>;
beforeEach(async () => {
  policies = await loadPolicySet([], Array.from({ length: POLICIES }, (_, i) => ({ object: policy(i), source: "set.yaml" })), new ModuleResolver({ baseDir: PROJECT.root }));
  vi.mocked(toCel).mockClear();
  stringify = vi.spyOn(JSON, "stringify");
});
afterEach(() => stringify.mockRestore());

const once = Object.fromEntries(PODS.map((name) => [name, { cel: 1, json: 1 }]));

describe("one request per object for every policy", () => {
  it("on check's path", () => {
    const { objects } = checkAll(policies, PODS.map((name) => ({ object: pod(name), source: "pods.yaml" })));
    expect(perPod(stringify)).toEqual(once);
    for (const checked of objects) expect(checked.verdicts.map((v) => v.result)).toEqual(["pass", ...Array(POLICIES - 1).fill("fail")]);
  });

  it("on audit's path", () => {
    const audited: AuditPolicy[] = policies.map((loaded, index) => ({
      index, document: { source: "set.yaml", object: policy(index) }, rules: loaded.rules, loaded,
      described: { kind: loaded.kind, name: `owner-${index}`, mode: "protect", annotations: {} },
    }));
    const context = { namespaces: new Namespaces(), capabilities: () => ({}), controllerNamespace: "kubewarden" };
    const resource = { group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true };
    const results = PODS.map((name) => auditObject(pod(name), resource, audited, context));
    expect(perPod(stringify)).toEqual(once);
    for (const result of results) expect(result.map((r) => r.outcome)).toEqual(["pass", ...Array(POLICIES - 1).fill("fail")]);
  });
});
