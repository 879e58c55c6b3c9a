import { defineCommand } from "../command.ts";
import { booleanFlag, listFlag, outputFlag, requiredFlag, stringFlag } from "../flags.ts";
import { CLUSTER_OBJECTS_FLAG, MODULE_ARG, REGISTRY_FLAGS, REQUEST_FLAG_DESCRIPTION, SETTINGS_FLAG } from "./shared-flags.ts";

const flags = {
  request: requiredFlag("file", REQUEST_FLAG_DESCRIPTION, { short: "r" }),
  settings: SETTINGS_FLAG,
  cluster: CLUSTER_OBJECTS_FLAG,
  replay: stringFlag("session.yml", "answer host calls from a kwctl record/replay session"),
  "allowed-host-capabilities": listFlag("pattern,…", "the host capabilities granted, as policy-server patterns; \"\" for none (default *)"),
  output: outputFlag(["json", "yaml"], "json"),
  verbose: booleanFlag("print the policy's log events on standard error", { short: "v" }),
  ...REGISTRY_FLAGS,
};
export type RunFlags = typeof flags;

export const run = defineCommand({
  name: "run",
  summary: "evaluate an AdmissionReview against a policy and print the answer",
  positionals: [MODULE_ARG],
  flags,
  details: ["Exits 1 when the policy denies the request, after printing its AdmissionReview."],
  load: () => import("../actions/run.ts"),
});
