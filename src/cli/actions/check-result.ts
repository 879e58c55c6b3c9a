// What `wardenkit check` hands the renderer: the report as text, as data, and as one test
// case per object and policy for CI systems, each pointing at the line of its object; it
// fails (exit 1) when a protect-mode policy denies an object.
import type { CheckedObject, CheckReport } from "../../policyset/check.ts";
import { causesText, checkData, checkText } from "../../policyset/check-output.ts";
import { describeLoaded } from "../../policyset/policy-set.ts";
import type { Verdict } from "../../policyset/verdict.ts";
import { objectLines } from "../../inputs/source-lines.ts";
import type { ResultOf } from "../command.ts";
import type { CheckFlags } from "../commands/check.ts";
import type { TestCase } from "../output/test-case.ts";

function verdictCase(object: string, v: Verdict, location: TestCase["location"]): TestCase {
  const policy = describeLoaded(v.policy);
  const checked = { subject: object, name: policy, rule: policy, ...(location ? { location } : {}) };
  if (v.result === "fail") return { ...checked, outcome: "failed", message: v.message ?? "", detail: `${v.message ?? ""}${causesText(v)}` };
  if (v.result === "skip") return { ...checked, outcome: "skipped", message: v.message };
  if (v.result === "warn") return { ...checked, outcome: "passed", note: `monitor mode would deny: ${v.message ?? ""}` };
  return { ...checked, outcome: "passed" };
}

/**
 * Each object's verdicts as test cases. A line is found when a format reads it (SARIF, GitHub,
 * not JUnit): that reads the object's file again, once per file.
 */
function verdictCases(objects: CheckedObject[]): TestCase[] {
  const lines = new Map<string, (number | undefined)[]>();
  const linesOf = (file: string) => lines.get(file) ?? lines.set(file, objectLines(file)).get(file)!;
  return objects.flatMap((o) => {
    const at = o.at;
    const location = at && { file: at.file, get line() { return linesOf(at.file)[at.index]; } };
    return o.verdicts.map((v) => verdictCase(o.object, v, location));
  });
}

export function checkResult(report: CheckReport, showSkipped: boolean): ResultOf<CheckFlags> {
  return {
    text: () => checkText(report, showSkipped),
    data: () => checkData(report),
    cases: () => verdictCases(report.objects),
    exitCode: report.denied > 0 ? 1 : 0,
  };
}
