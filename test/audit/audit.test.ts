// `wardenkit audit` on the run's real kube-apiserver: a policy set with namespace and object
// selectors, a monitor-mode policy and a context-aware one (pod-density counts the live pods of
// a node), objects created through the API; the same pass/fail per (object, policy) as
// `wardenkit check` gives for the same objects exported as YAML; and the faults: a user whose
// RBAC forbids the lists, an invalid policy and an unfetchable module in the cluster, a kind
// that vanishes between discovery and its list, a cluster that cannot be reached.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { KubernetesObject, KubernetesObjectApi } from "@kubernetes/client-node";
import { adminRequest, clusterUser, realKubeApiServer, type KubeApiServerState } from "../support/real-kube-api-server.ts";
import { installCrdFile } from "../../tools/kube-control-plane.ts";
import { createNamespace, ensure, installPolicyCrds, node, objectApi, pod } from "../support/cluster-objects.ts";
import { builtModulePath } from "../support/policies.ts";
import { runWardenkit, spawnWardenkit } from "../support/run-command.ts";
import { freePort } from "../support/registry.ts";
import { until } from "../support/until.ts";
import { compileTestModule } from "../support/compiled-modules.ts";
import { PROJECT } from "../support/project.ts";
import { runAudit } from "../../src/audit/run-audit.ts";
import type { AuditResult } from "../../src/audit/audit-result.ts";

const SHOP = "audit-shop";
const OTHER = "audit-other";
const CLAIMS = "audit-claims";
const LOOP = "audit-loop";

let state: KubeApiServerState;
let work: string;
let api: KubernetesObjectApi;
let kubeconfig: string;

const policy = (kind: string, name: string, spec: Record<string, unknown>, namespace?: string) => ({
  apiVersion: "policies.kubewarden.io/v1", kind,
  metadata: { name, ...(namespace ? { namespace } : {}), annotations: { "io.kubewarden.policy.severity": "low" } },
  spec: { policyServer: "default", ...(kind.endsWith("Group") ? {} : { mutating: false }), ...spec },
});

const configMapsRule = [{ apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"], operations: ["CREATE", "UPDATE"] }];

/** The set on disk: selectors, monitor mode, a context-aware policy, one not audited. */
function policySet(): Record<string, unknown>[] {
  return [
    policy("ClusterAdmissionPolicy", "owner-label", {
      module: builtModulePath("required-labels"), settings: { requiredLabels: ["owner"] }, rules: configMapsRule, mode: "protect",
      // The controller keeps only a cluster-wide policy's matchExpressions.
      namespaceSelector: { matchExpressions: [{ key: "team", operator: "In", values: ["shop"] }] },
    }),
    policy("ClusterAdmissionPolicy", "non-root", {
      module: builtModulePath("run-as-non-root"), settings: {}, mode: "monitor",
      rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"] }],
      namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [SHOP] }] },
    }),
    policy("ClusterAdmissionPolicy", "density", {
      module: builtModulePath("pod-density"), settings: { maxPodsPerNode: 2 }, mode: "protect", backgroundAudit: true,
      rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"] }],
      contextAwareResources: [{ apiVersion: "v1", kind: "Pod" }, { apiVersion: "v1", kind: "Node" }],
      namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [SHOP] }] },
    }),
    policy("AdmissionPolicy", "app-label", {
      module: builtModulePath("required-labels"), settings: { requiredLabels: ["app"] }, rules: configMapsRule, mode: "protect",
      objectSelector: { matchExpressions: [{ key: "audited", operator: "Exists" }] },
    }, OTHER),
    policy("ClusterAdmissionPolicyGroup", "owner-or-app", {
      rules: configMapsRule, expression: "owner() || app()", message: "a ConfigMap needs an owner or an app",
      policies: {
        owner: { module: builtModulePath("required-labels"), settings: { requiredLabels: ["owner"] } },
        app: { module: builtModulePath("required-labels"), settings: { requiredLabels: ["app"] } },
      },
      namespaceSelector: { matchExpressions: [{ key: "team", operator: "In", values: ["shop"] }] },
    }),
    policy("ClusterAdmissionPolicy", "never-audited", {
      module: builtModulePath("required-labels"), settings: { requiredLabels: ["x"] }, rules: configMapsRule, backgroundAudit: false,
    }),
  ];
}

const configMap = (namespace: string, name: string, labels: Record<string, string>): KubernetesObject =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace, labels }, data: { k: "v" } }) as KubernetesObject;

const key = (r: AuditResult) => `${r.resource.kind} ${r.resource.namespace ?? ""}/${r.resource.name} ${r.policy.kind} ${r.policy.namespace ? `${r.policy.namespace}/` : ""}${r.policy.name}`;

async function auditJson(args: string[]): Promise<{ code: number; results: AuditResult[]; stderr: string }> {
  const run = await runWardenkit(["audit", ...args, "-o", "json"]);
  const parsed = run.stdout ? (JSON.parse(run.stdout) as { results: AuditResult[] }) : { results: [] };
  return { code: run.code, results: parsed.results, stderr: run.stderr };
}

const ours = (results: AuditResult[]) => results.filter((r) => [SHOP, OTHER].includes(r.resource.namespace ?? ""));

beforeAll(async () => {
  state = await realKubeApiServer();
  work = mkdtempSync(join(tmpdir(), "wardenkit-audit-"));
  const admin = clusterUser(state, work);
  kubeconfig = admin.kubeconfig;
  api = objectApi(admin.kubeConfig);
  await installPolicyCrds(state, api);
  await createNamespace(api, SHOP, { team: "shop" });
  await createNamespace(api, OTHER, { team: "other" });
  for (const object of [
    configMap(SHOP, "labelled", { owner: "ops" }), configMap(SHOP, "bare", {}),
    configMap(OTHER, "bare", {}), configMap(OTHER, "selected-bare", { audited: "yes" }), configMap(OTHER, "selected-app", { audited: "yes", app: "a" }),
    node("audit-node-a"), node("audit-node-b"),
    pod(SHOP, "alone", { nodeName: "audit-node-a", runAsNonRoot: true }),
    pod(SHOP, "crowded-1", { nodeName: "audit-node-b", runAsNonRoot: true }),
    pod(SHOP, "crowded-2", { nodeName: "audit-node-b", runAsNonRoot: false }),
  ]) await ensure(api, object);
  writeFileSync(join(work, "policies.yaml"), policySet().map((p) => stringify(p)).join("---\n"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("wardenkit audit", () => {
  it("judges the objects the rules select, with selectors, monitor mode, a group and a context-aware policy", async () => {
    // Pages of two objects: every list takes several requests.
    const { code, results } = await auditJson(["-p", join(work, "policies.yaml"), "--kubeconfig", kubeconfig, "--page-size", "2"]);
    const outcomes = Object.fromEntries(ours(results).map((r) => [key(r), r.outcome]));
    expect(outcomes).toEqual({
      [`ConfigMap ${SHOP}/labelled ClusterAdmissionPolicy owner-label`]: "pass",
      [`ConfigMap ${SHOP}/bare ClusterAdmissionPolicy owner-label`]: "fail",
      [`ConfigMap ${OTHER}/bare ClusterAdmissionPolicy owner-label`]: "skip",
      [`ConfigMap ${OTHER}/selected-bare ClusterAdmissionPolicy owner-label`]: "skip",
      [`ConfigMap ${OTHER}/selected-app ClusterAdmissionPolicy owner-label`]: "skip",
      [`ConfigMap ${OTHER}/bare AdmissionPolicy ${OTHER}/app-label`]: "skip",
      [`ConfigMap ${SHOP}/labelled ClusterAdmissionPolicyGroup owner-or-app`]: "pass",
      [`ConfigMap ${SHOP}/bare ClusterAdmissionPolicyGroup owner-or-app`]: "fail",
      [`ConfigMap ${OTHER}/bare ClusterAdmissionPolicyGroup owner-or-app`]: "skip",
      [`ConfigMap ${OTHER}/selected-bare ClusterAdmissionPolicyGroup owner-or-app`]: "skip",
      [`ConfigMap ${OTHER}/selected-app ClusterAdmissionPolicyGroup owner-or-app`]: "skip",
      [`ConfigMap ${OTHER}/selected-bare AdmissionPolicy ${OTHER}/app-label`]: "fail",
      [`ConfigMap ${OTHER}/selected-app AdmissionPolicy ${OTHER}/app-label`]: "pass",
      [`Pod ${SHOP}/alone ClusterAdmissionPolicy non-root`]: "pass",
      [`Pod ${SHOP}/crowded-1 ClusterAdmissionPolicy non-root`]: "pass",
      [`Pod ${SHOP}/crowded-2 ClusterAdmissionPolicy non-root`]: "warn",
      [`Pod ${SHOP}/alone ClusterAdmissionPolicy density`]: "pass",
      [`Pod ${SHOP}/crowded-1 ClusterAdmissionPolicy density`]: "fail",
      [`Pod ${SHOP}/crowded-2 ClusterAdmissionPolicy density`]: "fail",
    });
    const failed = ours(results).find((r) => key(r) === `ConfigMap ${SHOP}/bare ClusterAdmissionPolicy owner-label`)!;
    expect(failed.message).toContain("owner");
    expect(failed.resource).toMatchObject({ apiVersion: "v1", resource: "configmaps", uid: expect.any(String) });
    expect(failed.policy).toEqual({ kind: "ClusterAdmissionPolicy", name: "owner-label", mode: "protect", annotations: { "io.kubewarden.policy.severity": "low" }, mutating: false, contextAware: false });
    expect(ours(results).find((r) => r.policy.name === "density")!.policy.contextAware).toBe(true);
    const group = ours(results).find((r) => key(r) === `ConfigMap ${SHOP}/bare ClusterAdmissionPolicyGroup owner-or-app`)!;
    expect(group.message).toMatch(/^a ConfigMap needs an owner or an app; spec\.policies\.owner: .*owner.*; spec\.policies\.app: .*app/);
    expect(results.some((r) => r.policy.name === "never-audited")).toBe(false);
    expect(code).toBe(1);
  });

  it("gives the same pass/fail per object and policy as check on the same objects exported as YAML", async () => {
    const { results } = await auditJson(["-p", join(work, "policies.yaml"), "--kubeconfig", kubeconfig]);
    const exported: KubernetesObject[] = [];
    for (const ns of [SHOP, OTHER]) {
      for (const kind of ["ConfigMap", "Pod"]) exported.push(...(await api.list("v1", kind, ns)).items.map((o) => ({ ...o, apiVersion: "v1", kind })));
    }
    const namespaces = [SHOP, OTHER].map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { team: name === SHOP ? "shop" : "other" } } }));
    const nodes = (await api.list("v1", "Node")).items.map((o) => ({ ...o, apiVersion: "v1", kind: "Node" }));
    writeFileSync(join(work, "exported.yaml"), exported.map((o) => stringify(o)).join("---\n"));
    writeFileSync(join(work, "cluster.yaml"), [...namespaces, ...nodes, ...exported.filter((o) => o.kind === "Pod")].map((o) => stringify(o)).join("---\n"));
    const check = await runWardenkit(["check", "-p", join(work, "policies.yaml"), "--cluster", join(work, "cluster.yaml"), "-o", "json", join(work, "exported.yaml")]);
    const checked = JSON.parse(check.stdout) as { objects: { object: string; verdicts: { kind: string; policy: string; result: string; message?: string }[] }[] };
    const fromCheck = Object.fromEntries(checked.objects.flatMap((o) => o.verdicts
      // What audit never lists: the kinds a policy's rules do not name, another namespace's objects for an AdmissionPolicy, a policy not audited.
      .filter((v) => v.policy !== "never-audited" && !v.message?.startsWith("no rule matches") && !(v.kind === "AdmissionPolicy" && !o.object.includes(`${OTHER}/`)))
      .map((v) => [`${o.object} ${v.kind} ${v.policy}`, v.result])));
    const fromAudit = Object.fromEntries(ours(results).map((r) => [`${r.resource.kind} ${r.resource.namespace}/${r.resource.name} ${r.policy.kind} ${r.policy.namespace ? `${r.policy.namespace}/` : ""}${r.policy.name}`, r.outcome]));
    expect(Object.keys(fromAudit).length).toBeGreaterThan(10);
    expect(fromAudit).toEqual(fromCheck);
  });

  it("gives the same results from the real bin, its threads started from the compiled lib/", async () => {
    const args = ["audit", "-p", join(work, "policies.yaml"), "--kubeconfig", kubeconfig, "-o", "json"];
    const [inProcess, bin] = [await runWardenkit(args), await spawnWardenkit(args)];
    const outcomes = (stdout: string) => Object.fromEntries(ours((JSON.parse(stdout) as { results: AuditResult[] }).results).map((r) => [key(r), r.outcome]));
    expect(bin.code, bin.stderr).toBe(1);
    expect(outcomes(bin.stdout)).toEqual(outcomes(inProcess.stdout));
  });

  it("reports what a restricted user may not list as error, never as passing", async () => {
    const restricted = clusterUser(state, work, "auditor", []);
    // It may list ConfigMaps, and nothing else: not Pods, not Namespaces.
    await ensure(api, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "audit-configmaps" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["list"] }] } as KubernetesObject);
    await ensure(api, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "auditor" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "audit-configmaps" }, subjects: [{ kind: "User", name: "auditor", apiGroup: "rbac.authorization.k8s.io" }] } as KubernetesObject);
    const { code, results } = await auditJson(["-p", join(work, "policies.yaml"), "--kubeconfig", restricted.kubeconfig]);
    const of = (name: string) => results.filter((r) => r.policy.name === name);
    for (const name of ["density", "non-root"]) {
      expect(of(name)).toEqual([expect.objectContaining({ outcome: "error", resource: expect.objectContaining({ kind: "Pod", name: "*" }) })]);
      expect(of(name)[0].message).toMatch(/^not allowed to list pods\/v1: pods is forbidden: User "auditor" cannot list resource "pods"/);
    }
    // owner-label's namespaceSelector reads a label only Namespace objects give.
    expect(ours(of("owner-label")).length).toBe(5);
    for (const r of of("owner-label")) {
      expect(r).toMatchObject({ outcome: "error", message: expect.stringMatching(/^its namespaceSelector reads the labels of namespaces, which cannot be read: not allowed to list namespaces/) });
    }
    // What it may list is judged.
    expect(Object.fromEntries(ours(of("app-label")).map((r) => [r.resource.name, r.outcome]))).toEqual({ bare: "skip", "selected-bare": "fail", "selected-app": "pass" });
    expect(code).toBe(1);
  });

  it("goes on past an invalid policy and an unfetchable module in the cluster, and a kind that vanished mid-scan", async () => {
    // A kind of this test's own: other files on the shared API server use the SQLClaim CRD.
    const crdFile = join(work, "vanishing-crd.yaml");
    writeFileSync(crdFile, stringify({
      apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "claims.vanishing.wardenkit.test" },
      spec: {
        group: "vanishing.wardenkit.test", scope: "Namespaced", names: { kind: "Claim", listKind: "ClaimList", plural: "claims", singular: "claim" },
        versions: [{ name: "v1alpha1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
      },
    }));
    await installCrdFile(state, api, crdFile);
    await createNamespace(api, CLAIMS);
    await ensure(api, { apiVersion: "vanishing.wardenkit.test/v1alpha1", kind: "Claim", metadata: { name: "db", namespace: CLAIMS }, spec: { parameters: { size: "large" } } } as KubernetesObject);
    await ensure(api, configMap(CLAIMS, "bare", {}));
    const port = await freePort();
    for (const p of [
      policy("ClusterAdmissionPolicy", "fault-claims", { module: builtModulePath("sql-claim-size"), settings: { allowedSizes: ["small"] }, rules: [{ apiGroups: ["vanishing.wardenkit.test"], apiVersions: ["*"], resources: ["*"], operations: ["CREATE"] }] }),
      policy("ClusterAdmissionPolicy", "fault-bad-settings", { module: builtModulePath("required-labels"), settings: { requiredLabels: 7 }, rules: configMapsRule }),
      policy("ClusterAdmissionPolicy", "fault-unfetchable", { module: `registry://127.0.0.1:${port}/nothing:v1`, rules: configMapsRule }),
      policy("ClusterAdmissionPolicy", "fault-good", { module: builtModulePath("required-labels"), settings: { requiredLabels: ["owner"] }, rules: configMapsRule, namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": CLAIMS } } }),
    ]) await ensure(api, p as KubernetesObject);
    const run = await runAudit({ kubeconfig, fromCluster: true, modules: { insecure: true }, workers: 2 });
    // Discovered, then gone before it is listed.
    const crd = await adminRequest(state.url, state.dir, "DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/claims.vanishing.wardenkit.test");
    expect(crd.status).toBe(200);
    await until("claims to be gone", async () => (await adminRequest(state.url, state.dir, "GET", `/apis/vanishing.wardenkit.test/v1alpha1/namespaces/${CLAIMS}/claims`)).status === 404);
    const results: AuditResult[] = [];
    for await (const r of run.results) results.push(r);
    const inClaims = (name: string) => results.filter((r) => r.policy.name === name && r.resource.namespace === CLAIMS);
    expect(inClaims("fault-good").map((r) => [r.resource.name, r.outcome])).toEqual([["bare", "fail"]]);
    expect(inClaims("fault-good")[0].policy).toMatchObject({ uid: expect.any(String), resourceVersion: expect.any(String) });
    expect(inClaims("fault-bad-settings")).toEqual([expect.objectContaining({ outcome: "error", message: expect.stringContaining("settings are invalid") })]);
    expect(inClaims("fault-unfetchable")).toEqual([expect.objectContaining({ outcome: "error", message: expect.stringContaining(`127.0.0.1:${port}`) })]);
    const claims = results.filter((r) => r.policy.name === "fault-claims");
    expect(claims).toEqual([expect.objectContaining({ outcome: "error", resource: expect.objectContaining({ kind: "Claim", name: "*" }), message: expect.stringMatching(/^list claims\.vanishing\.wardenkit\.test\/v1alpha1 failed with HTTP 404/) })]);
    for (const p of ["fault-claims", "fault-bad-settings", "fault-unfetchable", "fault-good"]) {
      await adminRequest(state.url, state.dir, "DELETE", `/apis/policies.kubewarden.io/v1/clusteradmissionpolicies/${p}`);
    }
  });

  it("reports a group version whose discovery fails as error for every policy whose rules take it", async () => {
    // A real aggregated API whose service does not exist: /apis lists the group version, and its discovery answers 503.
    const apiService = "/apis/apiregistration.k8s.io/v1/apiservices/v1alpha1.vanished.wardenkit.test";
    await ensure(api, {
      apiVersion: "apiregistration.k8s.io/v1", kind: "APIService", metadata: { name: "v1alpha1.vanished.wardenkit.test" },
      spec: { group: "vanished.wardenkit.test", version: "v1alpha1", service: { namespace: "default", name: "vanished", port: 443 }, insecureSkipTLSVerify: true, groupPriorityMinimum: 1000, versionPriority: 10 },
    } as KubernetesObject);
    try {
      await until("the vanished group to be listed", async () => (await adminRequest(state.url, state.dir, "GET", "/apis")).body.includes("vanished.wardenkit.test"));
      writeFileSync(join(work, "vanished.yaml"), [
        policy("ClusterAdmissionPolicy", "widgets", { module: builtModulePath("required-labels"), settings: { requiredLabels: ["owner"] }, rules: [{ apiGroups: ["vanished.wardenkit.test"], apiVersions: ["v1alpha1"], resources: ["widgets"], operations: ["CREATE"] }] }),
        policy("AdmissionPolicy", "everything", { module: builtModulePath("required-labels"), settings: { requiredLabels: ["owner"] }, rules: [{ apiGroups: ["*"], apiVersions: ["*"], resources: ["*"], operations: ["*"] }] }, OTHER),
        policy("ClusterAdmissionPolicy", "other-version", { module: builtModulePath("required-labels"), settings: { requiredLabels: ["owner"] }, rules: [{ apiGroups: ["vanished.wardenkit.test"], apiVersions: ["v1"], resources: ["*"], operations: ["CREATE"] }] }),
        policy("ClusterAdmissionPolicy", "configmaps", { module: builtModulePath("required-labels"), settings: { requiredLabels: ["owner"] }, rules: configMapsRule }),
      ].map((p) => stringify(p)).join("---\n"));
      const { code, results } = await auditJson(["-p", join(work, "vanished.yaml"), "--kubeconfig", kubeconfig]);
      const vanished = results.filter((r) => r.resource.apiVersion === "vanished.wardenkit.test/v1alpha1");
      expect(vanished.map((r) => [r.policy.name, r.outcome, r.resource])).toEqual([
        ["widgets", "error", { apiVersion: "vanished.wardenkit.test/v1alpha1", kind: "*", resource: "*", name: "*" }],
        ["everything", "error", { apiVersion: "vanished.wardenkit.test/v1alpha1", kind: "*", resource: "*", name: "*", namespace: OTHER }],
      ]);
      for (const r of vanished) {
        expect(r.message).toMatch(/^the resources of vanished\.wardenkit\.test\/v1alpha1 cannot be discovered, so none of its objects were evaluated: discover vanished\.wardenkit\.test\/v1alpha1 failed with HTTP 503/);
      }
      // What could be discovered is judged all the same.
      expect(ours(results).filter((r) => r.policy.name === "configmaps").length).toBe(5);
      expect(code).toBe(1);
    } finally {
      await adminRequest(state.url, state.dir, "DELETE", apiService);
    }
  });

  it("reports an object whose evaluation never ends as error for the policy that hung, and judges it and the others on a fresh thread", async () => {
    await createNamespace(api, LOOP);
    await ensure(api, configMap(LOOP, "stuck", {}));
    writeFileSync(join(work, "loop.wasm"), await compileTestModule(join(PROJECT.root, "test/guest-modules/loop-on-validate.ts")));
    const inLoop = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [LOOP] }] };
    writeFileSync(join(work, "loop.yaml"), [
      policy("ClusterAdmissionPolicy", "loops", { module: join(work, "loop.wasm"), rules: configMapsRule, namespaceSelector: inLoop }),
      policy("ClusterAdmissionPolicy", "owner-label", { module: builtModulePath("required-labels"), settings: { requiredLabels: ["owner"] }, rules: configMapsRule }),
      policy("ClusterAdmissionPolicy", "loops-too", { module: join(work, "loop.wasm"), rules: configMapsRule, namespaceSelector: inLoop }),
    ].map((p) => stringify(p)).join("---\n"));
    const { results } = await auditJson(["-p", join(work, "loop.yaml"), "--kubeconfig", kubeconfig, "--workers", "1"]);
    const stuck = results.filter((r) => r.resource.namespace === LOOP);
    // Each policy that looped is an error of its own (the first with three policies' deadline, the
    // second, on the fresh thread, with two); the one that did not is judged again until it answers.
    expect(stuck.map((r) => [r.policy.name, r.outcome, r.message])).toEqual([
      ["loops", "error", "its evaluation was still running when the object's deadline of 18 s passed"],
      ["loops-too", "error", "its evaluation was still running when the object's deadline of 16 s passed"],
      ["owner-label", "fail", expect.stringContaining("owner")],
    ]);
    expect(Object.fromEntries(ours(results).filter((r) => r.resource.namespace === SHOP).map((r) => [`${r.resource.name} ${r.policy.name}`, r.outcome])))
      .toEqual({ "labelled owner-label": "pass", "bare owner-label": "fail", "labelled loops": "skip", "bare loops": "skip", "labelled loops-too": "skip", "bare loops-too": "skip" });
  });

  it("says so when the cluster cannot be reached", async () => {
    const port = await freePort();
    const path = join(work, "kubeconfig-unreachable");
    writeFileSync(path, stringify({
      apiVersion: "v1", kind: "Config", "current-context": "gone",
      clusters: [{ name: "gone", cluster: { server: `https://127.0.0.1:${port}` } }], users: [{ name: "u", user: { token: "t" } }],
      contexts: [{ name: "gone", context: { cluster: "gone", user: "u" } }],
    }));
    const run = await runWardenkit(["audit", "-p", join(work, "policies.yaml"), "--kubeconfig", path]);
    expect(run.stderr).toContain(`cannot reach the Kubernetes API server at https://127.0.0.1:${port}`);
    expect(run.code).toBe(2);
  });
});
