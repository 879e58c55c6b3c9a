// The three ways `wardenkit check` reports: text for people, JSON for scripts, JUnit XML
// for CI systems (one test case per object and policy).
import { describeLoaded } from "./policy-set.ts";
import type { CheckReport } from "./check.ts";
import type { Verdict } from "./verdict.ts";

import type { OutputFormat } from "./check-formats.ts";

function summaryLine(report: CheckReport): string {
  const { pass, fail, warn, skip } = report.counts;
  return `${report.objects.length} objects: ${report.denied} denied; ${pass} passed, ${fail} failed, ${warn} warned, ${skip} skipped`;
}

function causesText(v: Verdict): string {
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

export function checkJson(report: CheckReport): string {
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
  return JSON.stringify({ objects, denied: report.denied, counts: report.counts }, null, 2) + "\n";
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
// Characters XML 1.0 cannot carry at all are dropped.
// eslint-disable-next-line no-control-regex
const escapeXml = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);

function testCase(object: string, v: Verdict): string {
  const open = `    <testcase classname="${escapeXml(object)}" name="${escapeXml(describeLoaded(v.policy))}">`;
  const message = escapeXml(v.message ?? "");
  if (v.result === "fail") return `${open}\n      <failure message="${message}">${escapeXml(v.message ?? "")}${escapeXml(causesText(v))}</failure>\n    </testcase>`;
  if (v.result === "skip") return `${open}\n      <skipped message="${message}"/>\n    </testcase>`;
  if (v.result === "warn") return `${open}\n      <system-out>monitor mode would deny: ${message}</system-out>\n    </testcase>`;
  return `${open}</testcase>`;
}

export function checkJunit(report: CheckReport): string {
  const cases = report.objects.flatMap((o) => o.verdicts.map((v) => testCase(o.object, v)));
  const { fail, skip } = report.counts;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wardenkit check" tests="${cases.length}" failures="${fail}" skipped="${skip}">`,
    `  <testsuite name="wardenkit check" tests="${cases.length}" failures="${fail}" skipped="${skip}" errors="0">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

export function formatCheck(report: CheckReport, format: OutputFormat, showSkipped = false): string {
  if (format === "json") return checkJson(report);
  if (format === "junit") return checkJunit(report);
  return checkText(report, showSkipped);
}
