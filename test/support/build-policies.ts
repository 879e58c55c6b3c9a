// Builds every policy into dist/ before the suites run, so each test reads the same
// modules a user would ship; the build is incremental, so after `make` it compiles
// nothing. WARDENKIT_PREBUILT=1 skips even the check and tests whatever dist/ holds.
import { findPolicies } from "../../src/build/policies.ts";
import { buildIfChanged } from "../../src/build/incremental-build.ts";
import { PROJECT_ROOT } from "../../src/project.ts";

export default async function setup(): Promise<void> {
  if (process.env.WARDENKIT_PREBUILT === "1") return;
  for (const source of findPolicies(PROJECT_ROOT)) {
    await buildIfChanged(PROJECT_ROOT, source, undefined, { onBuilding: (name, reason) => console.log(`building ${name}… (${reason})`) });
  }
}
