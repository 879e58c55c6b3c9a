import { defineCommand } from "../command.ts";
import { booleanFlag } from "../flags.ts";

const flags = { mutating: booleanFlag("a policy that changes what it admits (metadata mutating: true), with a patch case") };
export type NewFlags = typeof flags;

export const newPolicy = defineCommand({
  name: "new",
  summary: "create policies/<name> and fixtures/<name> from a working template",
  positionals: [{ name: "name", description: "the new policy's name (lowercase letters, digits and dashes)" }],
  flags,
  examples: [
    { command: "wardenkit new team-quota", description: "policies/team-quota and fixtures/team-quota, with a passing case" },
    { command: "wardenkit new default-labels --mutating", description: "a policy that changes what it admits, with a patch case" },
  ],
  load: () => import("../actions/new.ts"),
});
