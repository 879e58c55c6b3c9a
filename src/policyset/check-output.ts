// What `wardenkit check` reports of each object as it is checked: text for people, plain data
// for scripts (the command line prints it as JSON, and the same verdicts as test cases for CI
// systems), and the summary after the last object.
import { printable } from "../io/printable.ts";
import { describeLoaded } from "./policy-set.ts";
import type { CheckedObject, CheckTally } from "./check.ts";
import type { Verdict } from "./verdict.ts";

export function summaryLine(tally: CheckTally): string {
  const { pass, fail, warn, skip } = tally.counts;
  return `${tally.objects} ${tally.objects === 1 ? "object" : "objects"}: ${tally.denied} denied; ${pass} passed, ${fail} failed, ${warn} warned, ${skip} skipped`;
}

/** A denial's causes, one indented line each. */
export function causesText(v: Verdict): string {
  return (v.causes ?? []).map((c) => `\n        ${c.field}: ${c.message ?? "denied"}`).join("");
}

/** An object and its verdicts, a line each (skips only when shown), ending with a newline. */
export function checkedObjectText(o: CheckedObject, showSkipped = false): string {
  const lines = [`${o.object} (${o.source})`];
  for (const v of o.verdicts) {
    if (v.result === "skip" && !showSkipped) continue;
    lines.push(`  ${v.result.padEnd(4)}  ${describeLoaded(v.policy)}${v.message ? `: ${v.message}` : ""}${causesText(v)}`);
    for (const w of v.warnings ?? []) lines.push(`        warning: ${w}`);
  }
  // Names, sources and messages come from the inputs: their control characters are shown escaped.
  return `${printable(lines.join("\n"))}\n`;
}

export function checkedObjectData(o: CheckedObject): unknown {
  return {
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
  };
}
