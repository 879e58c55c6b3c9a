import { defineCommand } from "../command.ts";
import { requiredFlag } from "../flags.ts";
import { CA_FILE_FLAG, INSECURE_FLAG, MAX_MODULE_SIZE_FLAG } from "./shared-flags.ts";

const flags = {
  "output-file": requiredFlag("file", "where to write the module"),
  insecure: INSECURE_FLAG,
  "ca-file": CA_FILE_FLAG,
  "max-module-size": MAX_MODULE_SIZE_FLAG,
};
export type PullFlags = typeof flags;

export const pull = defineCommand({
  name: "pull",
  summary: "pull a policy module from an OCI registry",
  positionals: [{ name: "reference", description: "registry://<host[:port]>/<repo>:<tag> (or @sha256:…)" }],
  flags,
  load: () => import("../actions/pull.ts"),
});
