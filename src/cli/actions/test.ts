// `wardenkit test [dir|file…]`: runs declarative cases.yaml files and policy suites.
import { relative } from "node:path";
import type { CaseResult } from "../../policyset/case-result.ts";
import { findCaseFiles, runCaseFile } from "../../testing/run-cases.ts";
import { readDocument } from "../../inputs/documents.ts";
import { admissionChecks, admissionChecksText } from "../../policyset/admission-checks.ts";
import { isSuiteDocument, loadSuiteFile } from "../../policyset/suite-file.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { TestFlags } from "../commands/test.ts";
import { CliError, UsageError } from "../errors.ts";
import { distFolder, findProject } from "../../project/project.ts";
import { printLine } from "../io.ts";
import type { TestCase } from "../output/test-case.ts";

type TestResult = ResultOf<TestFlags>;

/** What a live cluster must answer for each suite resource read from a file, one tab-separated line each. */
function admissionChecksResult(files: string[], format: CommandInput<TestFlags>["flags"]["output"]): TestResult {
  // What a cluster must answer is no test run: CI formats have nothing to count.
  if (format !== "text" && format !== "json") throw new UsageError(`--admission-checks prints text or json, not ${format}`);
  const checks = files.flatMap((file) => {
    const doc = readDocument(file);
    return isSuiteDocument(doc) ? admissionChecks(loadSuiteFile(file, doc)) : [];
  });
  return { data: () => checks, text: () => admissionChecksText(checks), cases: () => [] };
}

function casesText(results: CaseResult[], files: string[], failed: number): string {
  const lines = results.flatMap((r) => [`${r.passed ? "ok  " : "FAIL"} ${r.policy}: ${r.name}`, ...r.failures.map((f) => `       ${f}`)]);
  return [...lines, "", files.map((f) => relative(process.cwd(), f)).join(", "), `${results.length - failed} passed, ${failed} failed`].join("\n");
}

/** A case as CI systems count it: the policy's, failed with every difference, at its line. */
function resultCase(r: CaseResult): TestCase {
  const checked = { subject: r.policy, name: r.name, rule: r.policy, location: { file: r.file, line: r.line } };
  return r.passed ? { ...checked, outcome: "passed" } : { ...checked, outcome: "failed", message: r.failures[0], detail: r.failures.join("\n") };
}

export async function run({ flags, args, io }: CommandInput<TestFlags>): Promise<TestResult> {
  const files = findCaseFiles(args.length > 0 ? args : [findProject().folders.fixtures]);
  if (files.length === 0) throw new CliError("no cases.yaml or suite.yaml found");
  if (flags["admission-checks"]) return admissionChecksResult(files, flags.output);
  const results: CaseResult[] = [];
  const compiledModules = new Map(); // each module compiled once in the run
  for (const file of files) results.push(...(await runCaseFile(file, distFolder(flags.dist), compiledModules, (line) => printLine(io.stderr, line))));
  const failed = results.filter((r) => !r.passed).length;
  return {
    data: () => results.map(({ evaluation, ...r }) => ({ ...r, response: evaluation?.admission })),
    text: () => casesText(results, files, failed),
    cases: () => results.map(resultCase),
    exitCode: failed === 0 ? 0 : 1,
  };
}
