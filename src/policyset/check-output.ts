// What `wardenkit check` reports: text for people, plain data for scripts (the command line
// prints it as JSON, and the same verdicts as test cases for CI systems).
import { describeLoaded } from "./policy-set.ts";
import type { CheckReport } from "./check.ts";
import type { Verdict } from "./verdict.ts";

function summaryLine(report: CheckReport): string {
  const { pass, fail, warn, skip } = report.counts;
  return `${report.objects.length} objects: ${report.denied} denied; ${pass} passed, ${fail} failed, ${warn} warned, ${skip} skipped`;
}

/** A denial's causes, one indented line each. */
export function causesText(v: Verdict): string {
  return (v.causes ?? []).map((c) => `\n        ${c.field}: ${c.message ?? "denied"}`).join("");
}

export function checkText(report: CheckReport, showSkipped = false): string {
  const lines: string[] = [];
  for (const o of report.objects) {
    lines.push(`${o.object} (${o.source})`);
    for (const v of o.verdicts) {
      if (v.result === "skip" && !showSkipped) continue;
      lines.push(`  ${v.result.padEnd(4)}  ${describeLoaded(v.policy)}${v.message ? `: ${v.message}` : ""}${causesText(v)}`);
      for (const w of v.warnings ?? []) lines.push(`        warning: ${w}`);
    }
  }
  lines.push("", summaryLine(report));
  return lines.join("\n") + "\n";
}

export function checkData(report: CheckReport): unknown {
  const objects = report.objects.map((o) => ({
    object: o.object,
    source: o.source,
    verdicts: o.verdicts.map((v) => ({
      kind: v.policy.kind,
      policy: v.policy.key,
      mode: v.policy.mode,
      result: v.result,
      ...(v.message ? { message: v.message } : {}),
      ...(v.causes ? { causes: v.causes } : {}),
      ...(v.warnings ? { warnings: v.warnings } : {}),
    })),
  }));
  return { objects, denied: report.denied, counts: report.counts };
}
