// `wardenkit audit --report` and `-o yaml`, run as a user runs them against the run's real
// kube-apiserver with the OpenReports CRDs wardenkit ships: one report per audited object,
// written, read back, checked against the CRD, and replaced (not doubled) by a second audit.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { CustomObjectsApi, type KubernetesObjectApi } from "@kubernetes/client-node";
import type { OpenReport } from "../../src/audit/openreports.ts";
import { REPORT_CRD_FILES, reportProblems } from "../../src/audit/report-schema.ts";
import { clusterUser, realKubeApiServer } from "../support/real-kube-api-server.ts";
import { createNamespace, installCrd, objectApi, pod } from "../support/cluster-objects.ts";
import { runWardenkit } from "../support/run-command.ts";

const NS = "audit-report-command";
const MODULE = "registry://registry.example/policies/required-labels:v1";

const policy = {
  apiVersion: "policies.kubewarden.io/v1",
  kind: "ClusterAdmissionPolicy",
  metadata: { name: "owner-label", annotations: { "io.kubewarden.policy.severity": "low", "io.kubewarden.policy.category": "Resource metadata" } },
  spec: {
    module: MODULE,
    mode: "protect",
    rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE", "UPDATE"] }],
    mutating: false,
    backgroundAudit: true,
    namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [NS] }] },
    settings: { requiredLabels: ["owner"] },
  },
};

let work: string;
let kubeconfig: string;
let api: KubernetesObjectApi;
let custom: CustomObjectsApi;
let policyFile: string;

beforeAll(async () => {
  const state = await realKubeApiServer();
  work = mkdtempSync(join(tmpdir(), "wardenkit-audit-report-"));
  const admin = clusterUser(state, work);
  kubeconfig = admin.kubeconfig;
  api = objectApi(admin.kubeConfig);
  custom = admin.kubeConfig.makeApiClient(CustomObjectsApi);
  for (const file of Object.values(REPORT_CRD_FILES)) await installCrd(state, api, join("deploy/crds", file));
  await createNamespace(api, NS);
  await api.create(pod(NS, "owned", { labels: { owner: "team-a" } }));
  await api.create(pod(NS, "unowned"));
  policyFile = join(work, "policies.yaml");
  writeFileSync(policyFile, stringify(policy));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const audit = (...args: string[]) =>
  runWardenkit(["audit", "--policies", policyFile, "--module", `${MODULE}=required-labels`, ...args], { env: { ...process.env, KUBECONFIG: kubeconfig } });

async function reportsOf(namespace: string): Promise<OpenReport[]> {
  const list = await custom.listNamespacedCustomObject({ group: "openreports.io", version: "v1alpha1", namespace, plural: "reports" });
  return (list as { items: OpenReport[] }).items;
}

const byPod = (reports: OpenReport[]) => Object.fromEntries(reports.map((r) => [r.scope.name, r.results.map((x) => [x.policy, x.result, x.severity, x.category])]));

describe("wardenkit audit --report", () => {
  it("writes one Report per audited pod, each as the CRD accepts it, and says so", async () => {
    const run = await audit("--report");
    expect(run.stderr).not.toMatch(/not written/);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^fail +Pod audit-report-command\/unowned +ClusterAdmissionPolicy owner-label: /m);
    expect(run.stdout).toMatch(/^reports: 2 written to the cluster$/m);
    const reports = await reportsOf(NS);
    for (const report of reports) expect(reportProblems(report)).toEqual([]);
    expect(byPod(reports)).toEqual({
      owned: [["clusterwide-owner-label", "pass", "low", "Resource metadata"]],
      unowned: [["clusterwide-owner-label", "fail", "low", "Resource metadata"]],
    });
    expect(reports.find((r) => r.scope.name === "unowned")!.summary).toEqual({ pass: 0, fail: 1, warn: 0, error: 0, skip: 0 });
  });

  it("replaces the reports on a second audit: still one per pod, of the latest run", async () => {
    const before = await reportsOf(NS);
    const run = await audit("--report", "-o", "json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).reports).toEqual({ written: 2, failed: [], unreported: 0 });
    const after = await reportsOf(NS);
    expect(after.map((r) => r.metadata.name).sort()).toEqual(before.map((r) => r.metadata.name).sort());
    const runUid = (r: OpenReport) => r.metadata.labels["kubewarden.io/audit-scanner-run-uid"];
    expect(new Set(after.map(runUid)).size).toBe(1);
    expect(runUid(after[0])).not.toBe(runUid(before[0]));
  });
});

describe("wardenkit audit -o yaml", () => {
  it("prints the reports as one List kubectl applies, each as the CRD accepts it", async () => {
    const run = await audit("-o", "yaml");
    expect(run.code).toBe(1);
    const list = parse(run.stdout) as { apiVersion: string; kind: string; items: OpenReport[] };
    expect([list.apiVersion, list.kind]).toEqual(["v1", "List"]);
    for (const report of list.items) expect(reportProblems(report)).toEqual([]);
    expect(byPod(list.items)).toEqual(byPod(await reportsOf(NS)));
  });
});
