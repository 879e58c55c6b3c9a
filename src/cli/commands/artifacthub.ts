import { defineCommand } from "../command.ts";
import { booleanFlag } from "../flags.ts";

const flags = { check: booleanFlag("write nothing; fail when the file is missing or stale") };
export type ArtifacthubFlags = typeof flags;

export const artifacthub = defineCommand({
  name: "artifacthub",
  summary: "generate a policy's artifacthub-pkg.yml, or --check that it is current",
  positionals: [{ name: "policy", description: "a policy name (policies/<name>) or a path to a policy folder" }],
  flags,
  load: () => import("../actions/artifacthub.ts"),
});
