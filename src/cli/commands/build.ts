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
  load: () => import("../actions/build.ts"),
});
