// The policies of this repository, as built into dist/ by the global setup.
import { readPolicySettings } from "../../src/project/policies.ts";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { PROJECT } from "./project.ts";

export const POLICY_NAMES = PROJECT.policies.map((p) => p.name);

export function builtModulePath(name: string): string {
  return PROJECT.module(name);
}

export function loadBuiltPolicy(name: string): Promise<PolicyModule> {
  return PolicyModule.fromFile(builtModulePath(name));
}

/** Settings the policy accepts, from its settings.yml: a policy without one fails the test that asks. */
export function validSettings(name: string): unknown {
  return readPolicySettings(PROJECT.policy(name));
}
