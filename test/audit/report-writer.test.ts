// Reports written into the run's real kube-apiserver, with the OpenReports CRDs wardenkit ships
// installed: read back, checked against the CRD schema, replaced by a second audit; refused
// reports named with the API server's reason while the others are written.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomObjectsApi, type KubernetesObject, type KubernetesObjectApi } from "@kubernetes/client-node";
import type { AuditedObject, AuditResult } from "../../src/audit/audit-result.ts";
import { buildReports } from "../../src/audit/report-builder.ts";
import { REPORT_CRD_FILES, reportProblems } from "../../src/audit/report-schema.ts";
import { writeReports } from "../../src/audit/report-writer.ts";
import type { OpenReport } from "../../src/audit/openreports.ts";
import { clusterUser, realKubeApiServer, type ClusterUser, type KubeApiServerState } from "../support/real-kube-api-server.ts";
import { createNamespace, installCrd, objectApi, pod } from "../support/cluster-objects.ts";
import { NON_ROOT, REQUIRED_LABELS } from "./audit-results.ts";

const NS = "audit-reports";
const GROUP = "openreports.io", VERSION = "v1alpha1";

let state: KubeApiServerState;
let work: string;
let admin: ClusterUser;
let api: KubernetesObjectApi;
let custom: CustomObjectsApi;
let podObject: AuditedObject;
let namespaceObject: AuditedObject;

/** The object as the audit lists it: with the UID and resource version the cluster gave it. */
async function audited(object: KubernetesObject, resource: string): Promise<AuditedObject> {
  const read = await api.read(object as KubernetesObject & { metadata: { name: string } });
  const { name, namespace, uid, resourceVersion } = read.metadata!;
  return { apiVersion: read.apiVersion!, kind: read.kind!, resource, name: name!, ...(namespace ? { namespace } : {}), uid, resourceVersion };
}

beforeAll(async () => {
  state = await realKubeApiServer();
  work = mkdtempSync(join(tmpdir(), "wardenkit-reports-"));
  admin = clusterUser(state, work);
  api = objectApi(admin.kubeConfig);
  custom = admin.kubeConfig.makeApiClient(CustomObjectsApi);
  for (const file of Object.values(REPORT_CRD_FILES)) await installCrd(state, api, join("deploy/crds", file));
  await createNamespace(api, NS);
  const web = pod(NS, "web");
  await api.create(web);
  podObject = await audited(web, "pods");
  namespaceObject = await audited({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } }, "namespaces");
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (runUid: string) => ({ runUid, now: new Date() });

async function reportsOfNamespace(): Promise<OpenReport[]> {
  const list = await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: "reports", labelSelector: "app.kubernetes.io/managed-by=kubewarden" });
  return (list as { items: OpenReport[] }).items;
}

async function clusterReport(name: string): Promise<OpenReport> {
  return (await custom.getClusterCustomObject({ group: GROUP, version: VERSION, plural: "clusterreports", name })) as OpenReport;
}

describe("writeReports on a real kube-apiserver", () => {
  it("writes a Report for a namespaced object and a ClusterReport for a cluster-scoped one, read back as built", async () => {
    const results: AuditResult[] = [
      { policy: REQUIRED_LABELS, resource: podObject, outcome: "fail", message: "the object is missing the label team" },
      { policy: NON_ROOT, resource: podObject, outcome: "warn", message: "containers must run as non-root" },
      { policy: REQUIRED_LABELS, resource: namespaceObject, outcome: "pass" },
    ];
    const first = run("run-1");
    expect(await writeReports(admin.kubeConfig, buildReports(results, first))).toEqual({ written: 2, failed: [] });

    const [expectedPod, expectedNamespace] = buildReports(results, first);
    const [readPod] = await reportsOfNamespace();
    const readNamespace = await clusterReport(namespaceObject.uid!);
    for (const [read, expected] of [[readPod, expectedPod], [readNamespace, expectedNamespace]] as const) {
      expect(reportProblems(read)).toEqual([]);
      expect({ ...read, metadata: { ...read.metadata, uid: undefined, resourceVersion: undefined, creationTimestamp: undefined, generation: undefined, managedFields: undefined } })
        .toEqual({ ...expected, metadata: { ...expected.metadata, uid: undefined, resourceVersion: undefined, creationTimestamp: undefined, generation: undefined, managedFields: undefined } });
    }
    expect(readPod.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Pod", name: "web", uid: podObject.uid }]);
  });

  it("replaces the report on a second audit: one current report per object, with only the new results", async () => {
    const results: AuditResult[] = [{ policy: REQUIRED_LABELS, resource: podObject, outcome: "pass" }];
    expect(await writeReports(admin.kubeConfig, buildReports(results, run("run-2")))).toEqual({ written: 1, failed: [] });
    const reports = await reportsOfNamespace();
    expect(reports).toHaveLength(1);
    expect(reports[0].metadata.name).toBe(podObject.uid);
    expect(reports[0].metadata.labels["kubewarden.io/audit-scanner-run-uid"]).toBe("run-2");
    expect(reports[0].summary).toEqual({ pass: 1, fail: 0, warn: 0, error: 0, skip: 0 });
    expect(reports[0].results.map((r) => [r.policy, r.result])).toEqual([["clusterwide-required-labels", "pass"]]);
  });

  it("names each report the API server refuses, with its reason, and still writes the others", async () => {
    const gone: AuditedObject = { ...podObject, namespace: "no-such-namespace", uid: "0a0b0c0d-0000-4000-8000-00000000000e" };
    const results: AuditResult[] = [
      { policy: REQUIRED_LABELS, resource: gone, outcome: "fail", message: "missing label" },
      { policy: REQUIRED_LABELS, resource: podObject, outcome: "fail", message: "missing label" },
    ];
    const written = await writeReports(admin.kubeConfig, buildReports(results, run("run-3")));
    expect(written.written).toBe(1);
    expect(written.failed).toEqual([{ report: `Report no-such-namespace/${gone.uid}`, reason: expect.stringMatching(/^apply reports\/0a0b0c0d-0000-4000-8000-00000000000e failed with HTTP 404: namespaces "no-such-namespace" not found$/) }]);
    expect((await reportsOfNamespace())[0].summary.fail).toBe(1);
  });

  it("reports a user the cluster does not let write reports, for every report, and writes none", async () => {
    const restricted = clusterUser(state, work, "report-reader", ["wardenkit-report-readers"]);
    const written = await writeReports(restricted.kubeConfig, buildReports([{ policy: REQUIRED_LABELS, resource: podObject, outcome: "pass" }], run("run-4")));
    expect(written.written).toBe(0);
    expect(written.failed).toEqual([{
      report: `Report ${NS}/${podObject.uid}`,
      reason: expect.stringMatching(new RegExp(`^not allowed to apply reports/${podObject.uid}: .*User "report-reader" cannot patch resource "reports" in API group "openreports.io"`)),
    }]);
  });
});
