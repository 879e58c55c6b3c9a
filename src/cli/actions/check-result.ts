// What `wardenkit check` hands the renderer: the report as text, as data, and as one test
// case per object and policy for CI systems; it fails (exit 1) when a protect-mode policy
// denies an object.
import type { CheckReport } from "../../policyset/check.ts";
import { causesText, checkData, checkText } from "../../policyset/check-output.ts";
import { describeLoaded } from "../../policyset/policy-set.ts";
import type { Verdict } from "../../policyset/verdict.ts";
import type { ResultOf } from "../command.ts";
import type { CheckFlags } from "../commands/check.ts";
import type { TestCase } from "../output/test-case.ts";

function verdictCase(object: string, v: Verdict): TestCase {
  const checked = { subject: object, name: describeLoaded(v.policy) };
  if (v.result === "fail") return { ...checked, outcome: "failed", message: v.message ?? "", detail: `${v.message ?? ""}${causesText(v)}` };
  if (v.result === "skip") return { ...checked, outcome: "skipped", message: v.message };
  if (v.result === "warn") return { ...checked, outcome: "passed", note: `monitor mode would deny: ${v.message ?? ""}` };
  return { ...checked, outcome: "passed" };
}

export function checkResult(report: CheckReport, showSkipped: boolean): ResultOf<CheckFlags> {
  return {
    text: () => checkText(report, showSkipped),
    data: () => checkData(report),
    cases: () => report.objects.flatMap((o) => o.verdicts.map((v) => verdictCase(o.object, v))),
    exitCode: report.denied > 0 ? 1 : 0,
  };
}
