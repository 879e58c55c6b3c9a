// The result of one test case, whether it came from a policy's case file or from a suite
// of policy manifests: what `wardenkit test` reports and counts.
import type { Evaluation } from "../host/evaluator.ts";

export interface CaseResult {
  file: string;
  /** The line of the case (or suite resource) in its file, when known. */
  line?: number;
  policy: string;
  name: string;
  passed: boolean;
  failures: string[];
  evaluation?: Evaluation;
}

/** An entry of a case file or suite that cannot be run: a failed case with its reason, the others still run. */
export interface MalformedEntry {
  name: string;
  problem: string;
}

export function isMalformed(entry: object): entry is MalformedEntry {
  return "problem" in entry;
}

export function malformedResult(file: string, policy: string, entry: MalformedEntry): CaseResult {
  return { file, policy, name: entry.name, passed: false, failures: [entry.problem] };
}
