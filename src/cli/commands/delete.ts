import { defineCommand } from "../command.ts";
import { CLUSTER_FLAGS, MANIFESTS_ARG } from "./cluster-flags.ts";

const flags = CLUSTER_FLAGS;
export type DeleteFlags = typeof flags;

export const del = defineCommand({
  name: "delete",
  summary: "delete the policies named in manifests from the cluster",
  positionals: [MANIFESTS_ARG],
  flags,
  examples: [
    { command: "wardenkit delete", description: "delete the policies of dist/manifests (written by publish)" },
    { command: "wardenkit delete deploy/policy-set --wait", description: "delete the policies of a folder and wait until they are gone" },
  ],
  load: () => import("../actions/delete.ts"),
});
