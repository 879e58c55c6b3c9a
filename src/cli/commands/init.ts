import { defineCommand } from "../command.ts";

const flags = {};
export type InitFlags = typeof flags;

export const init = defineCommand({
  name: "init",
  summary: "create a policy repository: package.json, Makefile, asconfig.json, policies/, fixtures/, CI workflow",
  positionals: [{ name: "dir", description: "a new or empty folder" }],
  flags,
  load: () => import("../actions/init.ts"),
});
