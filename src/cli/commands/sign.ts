import { defineCommand } from "../command.ts";
import { outputFlag } from "../flags.ts";
import { ANNOTATION_FLAG, CA_FILE_FLAG, INSECURE_FLAG, SIGNING_KEY_FLAGS } from "./shared-flags.ts";

const flags = {
  ...SIGNING_KEY_FLAGS,
  annotation: ANNOTATION_FLAG,
  insecure: INSECURE_FLAG,
  "ca-file": CA_FILE_FLAG,
  output: outputFlag(["text", "json"], "text"),
};
export type SignFlags = typeof flags;

export const sign = defineCommand({
  name: "sign",
  summary: "sign a module in a registry with a cosign key, as cosign sign --key stores signatures",
  positionals: [{ name: "reference", description: "registry://<host[:port]>/<repo>:<tag> (or @sha256:…)" }],
  flags,
  details: [
    "The signature signs the manifest digest the reference names now, and is added to the signatures already there, " +
      "in the sha256-<digest>.sig tag of the same repository, which cosign verify and Kubewarden's policy-server read. " +
      "No transparency log is written to. Signing again with the same key and annotations adds nothing.",
  ],
  examples: [
    { command: "COSIGN_PASSWORD=… wardenkit sign registry://ghcr.io/acme/policies/required-labels:v0.1.0 --key cosign.key", description: "sign a published module" },
    { command: "wardenkit sign registry://localhost:5000/policies/required-labels:dev --key cosign.key --password-file pass.txt -a team=platform -a stage=dev", description: "with annotations, on a local registry" },
  ],
  load: () => import("../actions/sign.ts"),
});
