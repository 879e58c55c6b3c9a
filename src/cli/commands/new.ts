import { defineCommand } from "../command.ts";

const flags = {};
export type NewFlags = typeof flags;

export const newPolicy = defineCommand({
  name: "new",
  summary: "create policies/<name> and fixtures/<name> from a working template",
  positionals: [{ name: "name", description: "the new policy's name (lowercase letters, digits and dashes)" }],
  flags,
  load: () => import("../actions/new.ts"),
});
