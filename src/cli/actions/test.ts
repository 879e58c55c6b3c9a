// `wardenkit test [dir|file…]`: runs declarative cases.yaml files and policy suites.
import { relative } from "node:path";
import type { CaseResult } from "../../policyset/case-result.ts";
import { findCaseFiles, runCaseFile } from "../../testing/run-cases.ts";
import { readDocument } from "../../inputs/documents.ts";
import { admissionChecks, admissionChecksText } from "../../policyset/admission-checks.ts";
import { isSuiteDocument, loadSuiteFile } from "../../policyset/suite-file.ts";
import type { CommandInput } from "../command.ts";
import type { TestFlags } from "../commands/test.ts";
import { CliError } from "../errors.ts";
import { distFolder, findProject } from "../../project/project.ts";
import { printLine, type CommandIo } from "../io.ts";

/** What a live cluster must answer for each suite resource read from a file, one tab-separated line each. */
function printAdmissionChecks(files: string[], io: CommandIo): number {
  for (const file of files) {
    const doc = readDocument(file);
    if (isSuiteDocument(doc)) io.stdout.write(admissionChecksText(admissionChecks(loadSuiteFile(file, doc))));
  }
  return 0;
}

export async function run({ flags, args, io }: CommandInput<TestFlags>): Promise<number> {
  const files = findCaseFiles(args.length > 0 ? args : [findProject().folders.fixtures]);
  if (files.length === 0) throw new CliError("no cases.yaml or suite.yaml found");
  if (flags["admission-checks"]) return printAdmissionChecks(files, io);
  const results: CaseResult[] = [];
  const compiledModules = new Map(); // each module compiled once in the run
  for (const file of files) results.push(...(await runCaseFile(file, distFolder(flags.dist), compiledModules, (line) => printLine(io.stderr, line))));
  const failed = results.filter((r) => !r.passed);
  if (flags.output === "json") {
    printLine(io.stdout, JSON.stringify(results.map(({ evaluation, ...r }) => ({ ...r, response: evaluation?.admission })), null, 2));
  } else {
    for (const r of results) {
      printLine(io.stdout, `${r.passed ? "ok  " : "FAIL"} ${r.policy}: ${r.name}`);
      for (const f of r.failures) printLine(io.stdout, `       ${f}`);
    }
    printLine(io.stdout, `\n${files.map((f) => relative(process.cwd(), f)).join(", ")}`);
    printLine(io.stdout, `${results.length - failed.length} passed, ${failed.length} failed`);
  }
  return failed.length === 0 ? 0 : 1;
}
