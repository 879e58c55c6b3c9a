// SARIF 2.1.0, as GitHub code scanning reads it: one run of wardenkit, the policies as its
// rules, and one error result per failed case pointing at the file (and line) of what failed.
// A plain object typed by @types/sarif: a builder library would add a dependency for a dozen
// fields.
import { isAbsolute, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Log, PhysicalLocation, ReportingDescriptor, Result } from "sarif";
import { packageVersion } from "../../io/package-root.ts";
import { caseTitle, failureText, locationPath, type TestCase } from "./test-case.ts";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** A path as a URI reference: a relative path segment by segment, an absolute one as a file:// URI. */
function uriOf(file: string): string {
  const path = locationPath(file);
  return isAbsolute(path) ? pathToFileURL(path).href : path.split(sep).map(encodeURIComponent).join("/");
}

function physicalLocation({ file, line }: NonNullable<TestCase["location"]>): PhysicalLocation {
  return { artifactLocation: { uri: uriOf(file) }, ...(line ? { region: { startLine: line } } : {}) };
}

/** The log of a run whose checks are `cases`: every policy that made one as a rule, every failure as a result. */
export function sarifLog(cases: readonly TestCase[]): Log {
  const ruleIndex = new Map([...new Set(cases.map((c) => c.rule))].map((id, i) => [id, i]));
  const rules: ReportingDescriptor[] = [...ruleIndex.keys()].map((id) => ({ id, shortDescription: { text: id } }));
  const results: Result[] = cases.filter((c) => c.outcome === "failed").map((c) => ({
    ruleId: c.rule,
    ruleIndex: ruleIndex.get(c.rule),
    level: "error",
    message: { text: `${caseTitle(c)}: ${failureText(c)}` },
    ...(c.location ? { locations: [{ physicalLocation: physicalLocation(c.location) }] } : {}),
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "wardenkit", version: packageVersion(), rules } }, results }],
  };
}
