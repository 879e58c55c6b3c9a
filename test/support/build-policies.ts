// Builds what the tests run before the suites start: the CLI into lib/ (the tests run
// the `wardenkit` command as it ships), then every policy into dist/, so each test reads
// the same modules a user would ship; the policy build is incremental, so after `make`
// it compiles nothing. WARDENKIT_PREBUILT=1 skips both and tests whatever lib/ and dist/ hold.
import { execFileSync } from "node:child_process";
import { buildIfChanged } from "../../src/build/incremental-build.ts";
import { PROJECT } from "./project.ts";

export default async function setup(): Promise<void> {
  if (process.env.WARDENKIT_PREBUILT === "1") return;
  console.log("building the CLI into lib/… (npm run build:cli)");
  execFileSync("npm", ["run", "--silent", "build:cli"], { cwd: PROJECT.root, stdio: "inherit" });
  for (const source of PROJECT.policies) {
    await buildIfChanged(PROJECT, source, undefined, { onBuilding: (name, reason) => console.log(`building ${name}… (${reason})`) });
  }
}
