// A policy's reference rule, the baseline it is weighed against: the same check in plain
// JavaScript (JSON.parse of the payload, the check, JSON.stringify of the answer), kept in
// the policy's folder as bench/reference.mjs, whose default export is the rule. A module
// the bench imports as it is, so the rule runs exactly as V8 runs any JavaScript.
import { pathToFileURL } from "node:url";
import { requirePolicyFile, type PolicySource } from "../../src/project/policies.ts";

/** Takes the validate payload and the host's answers (as the policy gets them as text); returns the answer text. */
export type ReferenceRule = (payload: string, hostAnswers: readonly string[]) => string;

export async function loadReferenceRule(policy: PolicySource): Promise<ReferenceRule> {
  const file = requirePolicyFile(policy.benchReference, `it holds ${policy.name}'s rule in plain JavaScript (export default function (payload, hostAnswers) returning the answer text), which the bench weighs the module against`);
  const loaded = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (typeof loaded.default !== "function") throw new Error(`${file} must export default a function (payload, hostAnswers) returning the answer text`);
  return loaded.default as ReferenceRule;
}
