import { defineCommand } from "../command.ts";
import { booleanFlag } from "../flags.ts";
import { DIST_FLAG } from "./shared-flags.ts";

const flags = {
  dist: { ...DIST_FLAG, description: "where to write the modules" },
  force: booleanFlag("build every selected policy, changed or not"),
};
export type BuildFlags = typeof flags;

export const build = defineCommand({
  name: "build",
  summary: "compile policies/<name> into dist/<name>.wasm with their metadata (only what changed)",
  positionals: [{ name: "policy", description: "the policies to build (default: every one under policies/)", variadic: true, optional: true }],
  flags,
  examples: [
    { command: "wardenkit build", description: "build every policy whose sources, SDK or compiler changed" },
    { command: "wardenkit build required-labels run-as-non-root", description: "build only these two policies" },
    { command: "wardenkit build --force --dist out", description: "build every policy again, into out/" },
  ],
  load: () => import("../actions/build.ts"),
});
