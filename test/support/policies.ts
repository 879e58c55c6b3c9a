// The policies of this repository, as built into dist/ by the global setup.
import { join } from "node:path";
import { findPolicies, policySource, readPolicySettings } from "../../src/build/policies.ts";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { PROJECT_ROOT } from "../../src/project.ts";

export const POLICY_NAMES = findPolicies(PROJECT_ROOT).map((p) => p.name);

export function builtModulePath(name: string): string {
  return join(PROJECT_ROOT, "dist", `${name}.wasm`);
}

export function loadBuiltPolicy(name: string): Promise<PolicyModule> {
  return PolicyModule.fromFile(builtModulePath(name));
}

/** Settings the policy accepts, from its settings.yml: a policy without one fails the test that asks. */
export function validSettings(name: string): unknown {
  return readPolicySettings(policySource(PROJECT_ROOT, name));
}
