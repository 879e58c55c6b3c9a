import { defineCommand } from "../command.ts";
import { listFlag, stringFlag } from "../flags.ts";
import { ANNOTATION_FLAG } from "./shared-flags.ts";

const flags = {
  "github-owner": stringFlag("owner", "accept modules signed keyless by GitHub Actions workflows of this user or organisation"),
  "github-repo": stringFlag("repo", "only by workflows of this repository of the owner (its name alone)"),
  key: listFlag("cosign.pub", "also require a signature by this public key (repeatable)"),
  annotation: ANNOTATION_FLAG,
};
export type VerificationConfigFlags = typeof flags;

export const verificationConfig = defineCommand({
  name: "verification-config",
  summary: "write a Kubewarden verification-config.yml that accepts only the team's signed policies, as kwctl scaffold verification-config does",
  flags,
  details: [
    "Every rule goes under allOf: a module must carry a signature from each source named. " +
      "policy-server takes the file with --verification-path (the Helm chart's policyServer.verificationConfig), kwctl with --verification-config-path.",
  ],
  examples: [
    { command: "wardenkit verification-config --github-owner acme --github-repo policies > verification-config.yml", description: "accept modules signed by the workflows of github.com/acme/policies" },
    { command: "wardenkit verification-config --key cosign.pub -a env=prod", description: "accept modules signed by this key with the annotation env=prod" },
  ],
  load: () => import("../actions/verification-config.ts"),
});
