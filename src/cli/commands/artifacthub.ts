import { defineCommand } from "../command.ts";
import { booleanFlag } from "../flags.ts";

const flags = { check: booleanFlag("write nothing; fail when the file is missing or stale") };
export type ArtifacthubFlags = typeof flags;

export const artifacthub = defineCommand({
  name: "artifacthub",
  summary: "generate each policy's artifacthub-pkg.yml, or --check that it is current",
  positionals: [{ name: "policy", variadic: true, optional: true, description: "a policy name (policies/<name>) or a path to a policy folder; every policy of the project when none is given" }],
  flags,
  examples: [
    { command: "wardenkit artifacthub", description: "write policies/<policy>/artifacthub-pkg.yml for every policy of the project" },
    { command: "wardenkit artifacthub required-labels", description: "only for required-labels" },
    { command: "wardenkit artifacthub --check", description: "in CI: fail when a policy's file is missing or stale" },
  ],
  load: () => import("../actions/artifacthub.ts"),
});
