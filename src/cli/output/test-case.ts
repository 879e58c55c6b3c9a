// One check a command made, as CI systems count them (`-o junit` writes each as a test case,
// `-o sarif` and `-o github` each failure as a result or an annotation): a command describes
// its checks once, whatever CI format prints them.
import { isAbsolute, relative, resolve, sep } from "node:path";

export interface TestCase {
  /** What was checked: JUnit's classname (`Pod shop/web`). */
  subject: string;
  /** What checked it: JUnit's name (`ClusterAdmissionPolicy required-labels`). */
  name: string;
  /** The policy that made the check: SARIF's rule (`ClusterAdmissionPolicy required-labels`). */
  rule: string;
  outcome: "passed" | "failed" | "skipped";
  /** Why, in one line. */
  message?: string;
  /** A failure in full, when it says more than the message. */
  detail?: string;
  /** Worth saying about a case that passed (JUnit's system-out). */
  note?: string;
  /** Where what was checked is written: its file, and the line of its document or case when known. */
  location?: { file: string; line?: number };
}

/** A case as people name it: `Pod shop/web: ClusterAdmissionPolicy required-labels`. */
export const caseTitle = (c: TestCase) => `${c.subject}: ${c.name}`;

/** A failure in full. */
export const failureText = (c: TestCase) => c.detail ?? c.message ?? "";

/** The file of a location as a path relative to the working directory, when it lies below it (CI reads paths from the repository's root). */
export function locationPath(file: string): string {
  const below = relative(process.cwd(), resolve(file));
  const outside = below === ".." || below.startsWith(`..${sep}`) || isAbsolute(below);
  return outside ? resolve(file) : below;
}

/** Passed, failed and skipped: `3 passed, 1 failed, 6 skipped`. */
export function countsLine(cases: readonly TestCase[]): string {
  const count = (outcome: TestCase["outcome"]) => cases.filter((c) => c.outcome === outcome).length;
  return `${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`;
}
