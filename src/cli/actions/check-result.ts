// What `wardenkit check` hands the renderer, object by object as each is checked: its text,
// its data, and its verdicts as test cases for CI systems, each pointing at the line of its
// object. The check fails (exit 1) when a protect-mode policy denies an object.
import { CheckTally, type CheckedObject } from "../../policyset/check.ts";
import { causesText, checkedObjectData, checkedObjectText, summaryLine } from "../../policyset/check-output.ts";
import { describeLoaded } from "../../policyset/policy-set.ts";
import type { Verdict } from "../../policyset/verdict.ts";
import { objectLines } from "../../inputs/source-lines.ts";
import { exitingOnBadItems } from "../errors.ts";
import type { StreamedResult } from "../output/streamed.ts";
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
 * An object's verdicts as test cases. A line is found when a format reads it (SARIF, GitHub,
 * not JUnit): that reads the object's file again, once per file.
 */
function verdictCases(): (o: CheckedObject) => TestCase[] {
  const lines = new Map<string, (number | undefined)[]>();
  const linesOf = (file: string) => lines.get(file) ?? lines.set(file, objectLines(file)).get(file)!;
  return (o) => {
    const at = o.at;
    const location = at && { file: at.file, get line() { return linesOf(at.file)[at.index]; } };
    return o.verdicts.map((v) => verdictCase(o.object, v, location));
  };
}

/** The checked objects as they come, counted; anything that stops them exits 2 (1 is a denial). */
export function checkResult(checked: Iterable<CheckedObject>, showSkipped: boolean): StreamedResult<CheckedObject> {
  const tally = new CheckTally();
  async function* counted(): AsyncGenerator<CheckedObject> {
    for await (const o of exitingOnBadItems(checked)) {
      tally.add(o);
      yield o;
    }
  }
  return {
    streamed: true,
    items: counted(),
    text: { item: (o) => checkedObjectText(o, showSkipped), end: () => `\n${summaryLine(tally)}\n` },
    data: { item: checkedObjectData, key: "objects", after: () => ({ denied: tally.denied, counts: tally.counts }) },
    cases: verdictCases(),
    progress: (count) => `checked ${count.toLocaleString("en")} ${count === 1 ? "object" : "objects"}`,
    exit: () => ({ exitCode: tally.denied > 0 ? 1 : 0 }),
  };
}
