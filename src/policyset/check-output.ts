// The three ways `wardenkit check` reports: text for people, JSON for scripts, JUnit XML
// for CI systems (one test case per object and policy). Text and JSON are written object by
// object as the objects are checked; JUnit XML names its totals in its first lines, so its
// test cases are kept, as text, until the last object.
import { indentedJson, JsonArrayText } from "../json-array-text.ts";
import { printable } from "../printable.ts";
import { describeLoaded } from "./policy-set.ts";
import type { CheckedObject, CheckTally } from "./check.ts";
import type { Verdict } from "./verdict.ts";

import type { OutputFormat } from "./check-formats.ts";

export interface CheckWriter {
  /** The text for one object, to be written as soon as it is checked. */
  object(checked: CheckedObject): string;
  /** The text after the last object, in pieces (JUnit's cases may be more than one string can hold). */
  end(tally: CheckTally): string[];
}

function summaryLine(tally: CheckTally): string {
  const { pass, fail, warn, skip } = tally.counts;
  return `${tally.objects} objects: ${tally.denied} denied; ${pass} passed, ${fail} failed, ${warn} warned, ${skip} skipped`;
}

function causesText(v: Verdict): string {
  return (v.causes ?? []).map((c) => `\n        ${c.field}: ${c.message ?? "denied"}`).join("");
}

function textWriter(showSkipped: boolean): CheckWriter {
  return {
    object(o) {
      const lines = [`${o.object} (${o.source})`];
      for (const v of o.verdicts) {
        if (v.result === "skip" && !showSkipped) continue;
        lines.push(`  ${v.result.padEnd(4)}  ${describeLoaded(v.policy)}${v.message ? `: ${v.message}` : ""}${causesText(v)}`);
        for (const w of v.warnings ?? []) lines.push(`        warning: ${w}`);
      }
      // Names, sources and messages come from the inputs: their control characters are shown escaped.
      return printable(lines.join("\n")) + "\n";
    },
    end: (tally) => [`\n${summaryLine(tally)}\n`],
  };
}

function jsonObject(o: CheckedObject): object {
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

/** The text of JSON.stringify({ objects, denied, counts }, null, 2), the objects written as they come. */
function jsonWriter(): CheckWriter {
  const objects = new JsonArrayText(1);
  let started = false;
  const start = () => (started ? "" : ((started = true), '{\n  "objects": '));
  return {
    object: (o) => start() + objects.item(jsonObject(o)),
    end: (tally) => [`${start()}${objects.end()},\n  "denied": ${tally.denied},\n  "counts": ${indentedJson(tally.counts, 1)}\n}\n`],
  };
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

function junitWriter(): CheckWriter {
  const cases: string[] = [];
  return {
    object(o) {
      for (const v of o.verdicts) cases.push(`${testCase(o.object, v)}\n`);
      return "";
    },
    end(tally) {
      const { fail, skip } = tally.counts;
      return [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        `<testsuites name="wardenkit check" tests="${cases.length}" failures="${fail}" skipped="${skip}">\n`,
        `  <testsuite name="wardenkit check" tests="${cases.length}" failures="${fail}" skipped="${skip}" errors="0">\n`,
        ...cases,
        "  </testsuite>\n",
        "</testsuites>\n",
      ];
    },
  };
}

export function checkWriter(format: OutputFormat, showSkipped = false): CheckWriter {
  if (format === "json") return jsonWriter();
  if (format === "junit") return junitWriter();
  return textWriter(showSkipped);
}
