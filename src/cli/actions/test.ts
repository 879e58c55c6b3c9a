// `wardenkit test [dir|file…]`: runs declarative cases.yaml files and policy suites, each
// result handed to the renderer as its case is run; exits 1 when a case fails, 2 when a file
// cannot be read or run.
import { keylessVerification } from "./keyless-args.ts";
import { relative } from "node:path";
import { registryArgs } from "./registry-args.ts";
import { printable } from "../../io/printable.ts";
import type { CaseResult } from "../../policyset/case-result.ts";
import { caseResults, findCaseFiles } from "../../testing/run-cases.ts";
import { readDocument } from "../../inputs/documents.ts";
import { moduleVerification } from "../../modules/module-verification.ts";
import { admissionChecks, admissionChecksText } from "../../policyset/admission-checks.ts";
import { isSuiteDocument, loadSuiteFile } from "../../policyset/suite-file.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { TestFlags } from "../commands/test.ts";
import { CliError, exitingOnBadInput, exitingOnBadItems, UsageError } from "../errors.ts";
import { distFolder, findProject } from "../../project/project.ts";
import { printLine } from "../io.ts";
import type { StreamedResult } from "../output/streamed.ts";
import type { TestCase } from "../output/test-case.ts";

/** What a live cluster must answer for each suite resource read from a file, one tab-separated line each. */
function admissionChecksResult(files: string[], format: CommandInput<TestFlags>["flags"]["output"]): ResultOf<TestFlags> {
  // What a cluster must answer is no test run: CI formats have nothing to count.
  if (format !== "text" && format !== "json") throw new UsageError(`--admission-checks prints text or json, not ${format}`);
  const checks = files.flatMap((file) => {
    const doc = readDocument(file);
    return isSuiteDocument(doc) ? admissionChecks(loadSuiteFile(file, doc)) : [];
  });
  return { data: () => checks, text: () => admissionChecksText(checks), cases: () => [] };
}

/** A case as people read it: a line, and its failures below it (names and messages echo the files, so shown printable). */
function caseText(r: CaseResult): string {
  return `${printable([`${r.passed ? "ok  " : "FAIL"} ${r.policy}: ${r.name}`, ...r.failures.map((f) => `       ${f}`)].join("\n"))}\n`;
}

/** A case as CI systems count it: the policy's, failed with every difference, at its line. */
function resultCase(r: CaseResult): TestCase {
  const checked = { subject: r.policy, name: r.name, rule: r.policy, location: { file: r.file, line: r.line } };
  return r.passed ? { ...checked, outcome: "passed" } : { ...checked, outcome: "failed", message: r.failures[0], detail: r.failures.join("\n") };
}

export async function run({ flags, args, io }: CommandInput<TestFlags>): Promise<ResultOf<TestFlags> | StreamedResult<CaseResult>> {
  return exitingOnBadInput(async () => {
    const files = findCaseFiles(args.length > 0 ? args : [findProject().folders.fixtures]);
    if (files.length === 0) throw new CliError("no cases.yaml or suite.yaml found");
    if (flags["admission-checks"]) return admissionChecksResult(files, flags.output);
    const compiledModules = new Map(); // each module compiled once in the run
    const verification = moduleVerification(flags["verification-config"], keylessVerification(flags["trusted-root"]));
    const log = (line: string) => printLine(io.stderr, line);
    let passed = 0, failed = 0;
    async function* counted(): AsyncGenerator<CaseResult> {
      for (const file of files) {
        for await (const result of caseResults(file, distFolder(flags.dist), { compiledModules, log, verification, ...registryArgs(flags) })) {
          if (result.passed) passed++;
          else failed++;
          yield result;
        }
      }
    }
    const summary = () => `\n${printable(files.map((f) => relative(process.cwd(), f)).join(", "))}\n${passed} passed, ${failed} failed\n`;
    return {
      streamed: true,
      items: exitingOnBadItems(counted()),
      text: { item: caseText, end: summary },
      data: { item: ({ evaluation, ...r }) => ({ ...r, response: evaluation?.admission }) },
      cases: (r) => [resultCase(r)],
      progress: (count) => `ran ${count.toLocaleString("en")} cases`,
      exit: () => ({ exitCode: failed === 0 ? 0 : 1 }),
    } satisfies StreamedResult<CaseResult>;
  });
}
