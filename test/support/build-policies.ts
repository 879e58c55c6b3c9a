// Builds every policy into dist/ once before the suites run, so each test reads
// the same modules a user would ship. WARDENKIT_PREBUILT=1 skips the build and
// tests whatever dist/ holds, for quick iterations on the host side.
import { findPolicies } from "../../src/build/policies.ts";
import { buildPolicy } from "../../src/build/build-policy.ts";
import { PROJECT_ROOT } from "../../src/project.ts";

export default async function setup(): Promise<void> {
  if (process.env.WARDENKIT_PREBUILT === "1") return;
  for (const source of findPolicies(PROJECT_ROOT)) await buildPolicy(PROJECT_ROOT, source);
}
