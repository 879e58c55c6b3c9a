// What `wardenkit audit` says of its results: a line per result for people (passes and skips
// only when asked), the counts after the last, and each result as plain data for scripts.
import { printable } from "../io/printable.ts";
import type { AuditOutcome, AuditResult } from "./audit-result.ts";

/** `Pod shop/web`, `Namespace shop`; `Pod shop/*` for every pod of a namespace that could not be listed. */
export function describeAudited(r: AuditResult): string {
  const { kind, namespace, name } = r.resource;
  return `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}

/** `ClusterAdmissionPolicy required-labels`, `AdmissionPolicy shop/owner`. */
export function describeAuditor(r: AuditResult): string {
  const { kind, namespace, name } = r.policy;
  return `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}

export const OUTCOMES: readonly AuditOutcome[] = ["pass", "fail", "warn", "skip", "error"];

/**
 * Counted as the results come, in constant memory: an object's results come together (a thread
 * judges an object by every policy at once), so a new object is a result about another one.
 */
export class AuditTally {
  readonly counts: Record<AuditOutcome, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  objectCount = 0;
  /** Objects a protect-mode policy fails. */
  failingCount = 0;
  private current?: string;
  private currentFails = false;

  add(r: AuditResult): void {
    this.counts[r.outcome]++;
    const key = `${r.resource.apiVersion} ${r.resource.resource} ${r.resource.uid ?? describeAudited(r)}`;
    if (key !== this.current) {
      this.current = key;
      this.currentFails = false;
      this.objectCount++;
    }
    if (r.outcome === "fail" && !this.currentFails) {
      this.currentFails = true;
      this.failingCount++;
    }
  }
}

/** One result, one line (with its message), ending with a newline; passes and skips only when shown. */
export function auditResultText(r: AuditResult, showAll: boolean): string {
  if (!showAll && (r.outcome === "pass" || r.outcome === "skip")) return "";
  const line = `${r.outcome.padEnd(5)}  ${describeAudited(r)}  ${describeAuditor(r)}${r.message ? `: ${r.message}` : ""}`;
  // Names and messages come from the cluster: their control characters are shown escaped.
  return `${printable(line)}\n`;
}

export function summaryLine(tally: AuditTally): string {
  const { pass, fail, warn, skip, error } = tally.counts;
  const objects = tally.objectCount;
  return `${objects} ${objects === 1 ? "object" : "objects"}: ${tally.failingCount} failing; ${pass} passed, ${fail} failed, ${warn} warned, ${skip} skipped, ${error} errored`;
}
