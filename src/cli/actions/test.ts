// `wardenkit test [dir|file…]`: runs declarative cases.yaml files and policy suites, writing
// each result as its case is run; exits 1 when a case fails, 2 when a file cannot be read.
import { relative } from "node:path";
import { JsonArrayText } from "../../json-array-text.ts";
import { printable } from "../../printable.ts";
import { caseResults, findCaseFiles, type CaseResult } from "../../testing/run-cases.ts";
import { readDocument } from "../../testing/inputs.ts";
import { admissionChecks, admissionChecksText } from "../../policyset/admission-checks.ts";
import { isSuiteDocument, loadSuiteFile } from "../../policyset/suite-file.ts";
import type { CommandInput } from "../command.ts";
import type { TestFlags } from "../commands/test.ts";
import { CliError, exitingOnBadInput } from "../errors.ts";
import { distFolder, findProject } from "../../project/project.ts";
import { printLine, type CommandIo } from "../io.ts";
import { ProgressLine } from "../progress-line.ts";

/** What a live cluster must answer for each suite resource read from a file, one tab-separated line each. */
function printAdmissionChecks(files: string[], io: CommandIo): number {
  for (const file of files) {
    const doc = readDocument(file);
    if (isSuiteDocument(doc)) io.stdout.write(admissionChecksText(admissionChecks(loadSuiteFile(file, doc))));
  }
  return 0;
}

/** Text for people (a line per case, its failures below it) or a JSON array, one result at a time. */
interface ResultWriter {
  result(r: CaseResult): string;
  end(passed: number, failed: number): string;
}

function jsonWriter(): ResultWriter {
  const array = new JsonArrayText();
  return {
    result: ({ evaluation, ...r }) => array.item({ ...r, response: evaluation?.admission }),
    end: () => `${array.end()}\n`,
  };
}

function textWriter(files: string[]): ResultWriter {
  return {
    // Case names and failures echo the files and the policies' messages.
    result: (r) => printable([`${r.passed ? "ok  " : "FAIL"} ${r.policy}: ${r.name}`, ...r.failures.map((f) => `       ${f}`)].join("\n")) + "\n",
    end: (passed, failed) => `\n${printable(files.map((f) => relative(process.cwd(), f)).join(", "))}\n${passed} passed, ${failed} failed\n`,
  };
}

export async function run({ flags, args, io }: CommandInput<TestFlags>): Promise<number> {
  return exitingOnBadInput(async () => {
    const files = findCaseFiles(args.length > 0 ? args : [findProject().folders.fixtures]);
    if (files.length === 0) throw new CliError("no cases.yaml or suite.yaml found");
    if (flags["admission-checks"]) return printAdmissionChecks(files, io);
    const writer = flags.output === "json" ? jsonWriter() : textWriter(files);
    const compiledModules = new Map(); // each module compiled once in the run
    const progress = ProgressLine.of(io, (count) => `ran ${count.toLocaleString("en")} cases`);
    let passed = 0, failed = 0;
    try {
      for (const file of files) {
        for await (const result of caseResults(file, distFolder(flags.dist), compiledModules, (line) => printLine(io.stderr, line))) {
          if (result.passed) passed++;
          else failed++;
          io.stdout.write(writer.result(result));
          progress.update(passed + failed);
        }
      }
    } finally {
      progress.done();
    }
    io.stdout.write(writer.end(passed, failed));
    return failed === 0 ? 0 : 1;
  });
}
