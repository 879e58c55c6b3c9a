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

export type OutcomeCounts = Record<TestCase["outcome"], number>;

/** How many cases passed, failed and were skipped, added to `counts` when given (cases counted as they come). */
export function countOutcomes(cases: readonly TestCase[], counts: OutcomeCounts = { passed: 0, failed: 0, skipped: 0 }): OutcomeCounts {
  for (const c of cases) counts[c.outcome]++;
  return counts;
}

/** Passed, failed and skipped: `3 passed, 1 failed, 6 skipped`. */
export function countsLine(counts: OutcomeCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}
