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
