// JUnit XML, as CI systems read test reports: one <testcase> per check a command made.
import type { TestCase } from "./test-case.ts";

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
// Characters XML 1.0 cannot carry at all are dropped.
// eslint-disable-next-line no-control-regex
const escapeXml = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);

function testCase(c: TestCase): string {
  const open = `    <testcase classname="${escapeXml(c.subject)}" name="${escapeXml(c.name)}">`;
  const message = escapeXml(c.message ?? "");
  if (c.outcome === "failed") return `${open}\n      <failure message="${message}">${escapeXml(c.detail ?? c.message ?? "")}</failure>\n    </testcase>`;
  if (c.outcome === "skipped") return `${open}\n      <skipped message="${message}"/>\n    </testcase>`;
  if (c.note !== undefined) return `${open}\n      <system-out>${escapeXml(c.note)}</system-out>\n    </testcase>`;
  return `${open}</testcase>`;
}

/** One test suite named `title` (`wardenkit check`) holding every case. */
export function junitXml(cases: readonly TestCase[], title: string): string {
  const name = escapeXml(title);
  const counts = `tests="${cases.length}" failures="${cases.filter((c) => c.outcome === "failed").length}" skipped="${cases.filter((c) => c.outcome === "skipped").length}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" ${counts}>`,
    `  <testsuite name="${name}" ${counts} errors="0">`,
    ...cases.map(testCase),
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
