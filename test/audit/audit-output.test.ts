// How `wardenkit audit` counts and shows its results: objects counted in constant memory from
// results that come object by object, failing objects once however many policies fail them.
import { describe, expect, it } from "vitest";
import { auditResultText, AuditTally, summaryLine } from "../../src/audit/audit-output.ts";
import type { AuditOutcome, AuditResult } from "../../src/audit/audit-result.ts";

const result = (name: string, policy: string, outcome: AuditOutcome, message?: string): AuditResult => ({
  policy: { kind: "ClusterAdmissionPolicy", name: policy, mode: "protect", annotations: {} },
  resource: { apiVersion: "v1", kind: "ConfigMap", resource: "configmaps", namespace: "shop", name, uid: `uid-${name}` },
  outcome,
  ...(message ? { message } : {}),
});

describe("audit output", () => {
  it("counts objects and failing objects as their results come", () => {
    const tally = new AuditTally();
    for (const r of [
      result("a", "p1", "fail", "no"), result("a", "p2", "fail", "no"), result("a", "p3", "pass"),
      result("b", "p1", "pass"), result("b", "p2", "skip"),
      result("c", "p1", "error", "forbidden"), result("c", "p2", "warn", "would deny"),
    ]) tally.add(r);
    expect(tally.objectCount).toBe(3);
    expect(tally.failingCount).toBe(1);
    expect(summaryLine(tally)).toBe("3 objects: 1 failing; 2 passed, 2 failed, 1 warned, 1 skipped, 1 errored");
  });

  it("shows fail, warn and error, and pass and skip only when asked, control characters escaped", () => {
    expect(auditResultText(result("a", "p1", "fail", "bad\x1b[31m"), false)).toBe("fail   ConfigMap shop/a  ClusterAdmissionPolicy p1: bad\\x1b[31m\n");
    expect(auditResultText(result("a", "p1", "pass"), false)).toBe("");
    expect(auditResultText(result("a", "p1", "skip", "namespaceSelector excludes namespace shop"), true)).toBe("skip   ConfigMap shop/a  ClusterAdmissionPolicy p1: namespaceSelector excludes namespace shop\n");
  });
});
