// The policies of this repository, as built into dist/ by the global setup.
import { PolicyModule } from "../../src/host/policy-module.ts";
import { PROJECT } from "./project.ts";

export const POLICY_NAMES = PROJECT.policies.map((p) => p.name);

export function builtModulePath(name: string): string {
  return PROJECT.module(name);
}

export function loadBuiltPolicy(name: string): Promise<PolicyModule> {
  return PolicyModule.fromFile(builtModulePath(name));
}

/** Settings each policy accepts, for tests that need any valid configuration. */
export const VALID_SETTINGS: Record<string, unknown> = {
  "required-labels": { requiredLabels: ["app"] },
  "sql-claim-size": { allowedSizes: ["small", "medium"] },
  "run-as-non-root": {},
  "pod-density": { maxPodsPerNode: 10 },
};
