// OpenReports objects built from audit results: the shape Kubewarden's audit-scanner writes
// (internal/audit-scanner/report/), checked against the OpenReports CRDs wardenkit ships.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReports, ReportBuilder } from "../../src/audit/report-builder.ts";
import { reportPolicyName } from "../../src/audit/report-result.ts";
import { checkReport, REPORT_CRD_FILES, reportProblems } from "../../src/audit/report-schema.ts";
import type { OpenReport } from "../../src/audit/openreports.ts";
import { CRD_DIR } from "../../src/manifests/crd-schema.ts";
import { GROUP, NAMESPACE, NON_ROOT, POD, REQUIRED_LABELS, RESULTS, RUN } from "./audit-results.ts";

const LABELS = {
  "app.kubernetes.io/managed-by": "kubewarden",
  "kubewarden.io/policyreport-version": "v2",
  "kubewarden.io/audit-scanner-run-uid": RUN.runUid,
};
const TIMESTAMP = { seconds: 1796583600, nanos: 0 };

describe("buildReports", () => {
  const reports = buildReports(RESULTS, RUN);

  it("writes one Report per namespaced object, named by its UID and owned by it, as audit-scanner does", () => {
    expect(reports.map((r) => [r.kind, r.metadata.namespace, r.metadata.name])).toEqual([
      ["Report", "team-a", POD.uid],
      ["ClusterReport", undefined, NAMESPACE.uid],
    ]);
    const [pod] = reports;
    expect(pod.apiVersion).toBe("openreports.io/v1alpha1");
    expect(pod.metadata).toEqual({ name: POD.uid, namespace: "team-a", labels: LABELS, ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "web", uid: POD.uid }] });
    expect(pod.scope).toEqual({ apiVersion: "v1", kind: "Pod", namespace: "team-a", name: "web", uid: POD.uid, resourceVersion: "812" });
  });

  it("writes each result with the policy's unique name, severity, category, message and properties", () => {
    const [pod] = reports;
    expect(pod.results[0]).toEqual({
      source: "kubewarden", policy: "clusterwide-required-labels", category: "Resource labels", severity: "medium", timestamp: TIMESTAMP,
      result: "fail", scored: true, resourceSelector: {}, message: "the object is missing the label team",
      properties: { validating: "true", "policy-resource-version": "41", "policy-uid": REQUIRED_LABELS.uid, "policy-name": "required-labels" },
    });
    // Monitor mode is severity info whatever the annotation says; the namespaced policy names its namespace.
    expect(pod.results[1]).toEqual({
      source: "kubewarden", policy: "namespaced-team-a-run-as-non-root", severity: "info", timestamp: TIMESTAMP,
      result: "warn", scored: true, resourceSelector: {}, message: "containers must run as non-root",
      properties: { validating: "true", "context-aware": "true", "policy-name": "run-as-non-root", "policy-namespace": "team-a" },
    });
  });

  it("names a group's member as the rule, and leaves out a severity the CRD would refuse", () => {
    const [pod] = reports;
    expect(pod.results.slice(2).map((r) => [r.policy, r.rule, r.result, r.severity])).toEqual([["clusterwide-group-safe-pods", "signed", "error", undefined]]);
    expect("severity" in pod.results[2]).toBe(false);
  });

  it("counts a policy that does not select the object in the summary's skip, as audit-scanner, and lists only the policies that judged it", () => {
    expect(reports[0].results.map((r) => r.result)).toEqual(["fail", "warn", "error"]);
    const skippedFirst = buildReports([RESULTS[4], RESULTS[0]], RUN);
    expect(skippedFirst.map((r) => [r.results.length, r.summary.skip, r.summary.fail])).toEqual([[1, 1, 1]]);
    expect(buildReports([RESULTS[4]], RUN)).toEqual([]);
  });

  it("counts each result in the summary", () => {
    expect(reports.map((r) => r.summary)).toEqual([
      { pass: 0, fail: 1, warn: 1, error: 1, skip: 1 },
      { pass: 1, fail: 0, warn: 0, error: 0, skip: 0 },
    ]);
  });

  it("names every policy kind as Kubewarden's GetUniqueName does", () => {
    expect([REQUIRED_LABELS, NON_ROOT, GROUP, { ...NON_ROOT, kind: "AdmissionPolicyGroup", name: "g" }].map(reportPolicyName))
      .toEqual(["clusterwide-required-labels", "namespaced-team-a-run-as-non-root", "clusterwide-group-safe-pods", "namespaced-group-team-a-g"]);
  });

  it("leaves out, and counts, results about no stored object: a resource that could not be listed, a policy that could not be loaded", () => {
    const builder = new ReportBuilder(RUN);
    const { uid: _uid, ...unlisted } = { ...POD, name: "*" };
    builder.add({ ...RESULTS[0], resource: unlisted, outcome: "error", message: "cannot list pods in team-a: forbidden" });
    builder.add(RESULTS[2]);
    expect(builder.unreported).toBe(1);
    expect(builder.reports().map((r) => r.metadata.name)).toEqual([NAMESPACE.uid]);
  });

  it("builds nothing from no results", () => {
    expect(buildReports([], RUN)).toEqual([]);
  });
});

describe("the OpenReports CRD schemas", () => {
  it("accept every report built", () => {
    for (const report of buildReports(RESULTS, RUN)) expect(reportProblems(report), report.kind).toEqual([]);
  });

  it("refuse what the API server would refuse, naming the field", () => {
    const [pod, cluster] = buildReports(RESULTS, RUN);
    const bad = structuredClone(pod) as unknown as { results: { result: string; timestamp: unknown }[]; summary: { pass: unknown } };
    bad.results[0].result = "denied";
    bad.results[1].timestamp = { seconds: 1 };
    bad.summary.pass = "one";
    expect(reportProblems(bad as unknown as OpenReport)).toEqual([
      "results[0].result must be one of pass, fail, warn, error, skip (got \"denied\")",
      "results[1].timestamp is missing nanos",
      "summary.pass must be integer (got \"one\")",
    ]);
    expect(() => checkReport({ ...cluster, metadata: { ...cluster.metadata, namespace: "team-a" } }))
      .toThrow(`ClusterReport team-a/${NAMESPACE.uid} does not match the OpenReports CRD schema: metadata.namespace must not be set`);
  });

  it("are the files of openreports/reports-api v0.2.1, unchanged (deploy/crds/SHA256SUMS)", () => {
    const sums = new Map(readFileSync(join(CRD_DIR, "SHA256SUMS"), "utf8").trim().split("\n").map((line) => line.split(/\s+/).reverse() as [string, string]));
    for (const file of Object.values(REPORT_CRD_FILES)) {
      expect(createHash("sha256").update(readFileSync(join(CRD_DIR, file))).digest("hex"), file).toBe(sums.get(file));
    }
  });
});
