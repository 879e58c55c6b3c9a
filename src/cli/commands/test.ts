// `wardenkit test [dir|file…]`: runs declarative cases.yaml files.
import { parseArgs } from "node:util";
import { relative } from "node:path";
import { findCaseFiles, runCaseFile, type CaseResult } from "../../testing/run-cases.ts";
import { readDocument } from "../../testing/inputs.ts";
import { admissionChecks, admissionChecksText } from "../../policyset/admission-checks.ts";
import { isSuiteDocument, loadSuiteFile } from "../../policyset/suite-file.ts";
import { CliError } from "../errors.ts";
import { distFolder, findProject } from "../../project/project.ts";

export const summary = "run declarative test cases (cases.yaml) and policy suites (suite.yaml) against built policies";
export const usage = "wardenkit test [dir | cases.yaml | suite.yaml …] [--dist dist] [-o json] [--admission-checks]";

/** What a live cluster must answer for each suite resource read from a file, one tab-separated line each. */
function printAdmissionChecks(files: string[]): number {
  for (const file of files) {
    const doc = readDocument(file);
    if (isSuiteDocument(doc)) process.stdout.write(admissionChecksText(admissionChecks(loadSuiteFile(file, doc))));
  }
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { dist: { type: "string" }, output: { type: "string", short: "o" }, "admission-checks": { type: "boolean" } },
  });
  const files = findCaseFiles(positionals.length > 0 ? positionals : [findProject().folders.fixtures]);
  if (files.length === 0) throw new CliError("no cases.yaml or suite.yaml found");
  if (values["admission-checks"]) return printAdmissionChecks(files);
  const results: CaseResult[] = [];
  const compiledModules = new Map(); // each module compiled once in the run
  const dist = distFolder(values.dist);
  for (const file of files) results.push(...(await runCaseFile(file, dist, compiledModules)));
  const failed = results.filter((r) => !r.passed);
  if (values.output === "json") {
    console.log(JSON.stringify(results.map(({ evaluation, ...r }) => ({ ...r, response: evaluation?.admission })), null, 2));
  } else {
    for (const r of results) {
      console.log(`${r.passed ? "ok  " : "FAIL"} ${r.policy}: ${r.name}`);
      for (const f of r.failures) console.log(`       ${f}`);
    }
    console.log(`\n${files.map((f) => relative(process.cwd(), f)).join(", ")}`);
    console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  }
  return failed.length === 0 ? 0 : 1;
}
