// GitHub Actions annotations: one `::error` workflow command per failed case, on the file and
// line of what failed, then a line of counts. Escaped as GitHub's runner reads them (the
// rules of @actions/core, which writes to process.stdout itself and does not export them).
import { caseTitle, countsLine, failureText, locationPath, type TestCase } from "./test-case.ts";

/** A command's message: `%`, CR and LF would end or garble it. */
const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

/** A property's value: also `:` and `,`, which end it. */
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

function annotation(c: TestCase): string {
  const properties = [
    ...(c.location ? [`file=${escapeProperty(locationPath(c.location.file))}`] : []),
    ...(c.location?.line ? [`line=${c.location.line}`] : []),
    `title=${escapeProperty(caseTitle(c))}`,
  ];
  return `::error ${properties.join(",")}::${escapeData(failureText(c))}`;
}

/** An annotation per failure, then `wardenkit check: 3 passed, 1 failed, 6 skipped`. */
export function githubAnnotations(cases: readonly TestCase[], title: string): string {
  return [...cases.filter((c) => c.outcome === "failed").map(annotation), `${title}: ${countsLine(cases)}`, ""].join("\n");
}
