import { defineCommand } from "../command.ts";
import { booleanFlag, outputFlag, requiredFlag } from "../flags.ts";
import { KEYLESS_SIGNING_FLAGS } from "./keyless-flags.ts";
import { ANNOTATION_FLAG, DIST_FLAG, REGISTRY_CONNECTION_FLAGS, SIGNING_KEY_FLAGS } from "./shared-flags.ts";

const flags = {
  registry: requiredFlag("host[:port]/prefix", "where to push: each policy goes to <registry>/<policy>:v<version>"),
  dist: DIST_FLAG,
  ...REGISTRY_CONNECTION_FLAGS,
  force: booleanFlag("move a version tag that already names another module (a published version should not change)"),
  sign: booleanFlag("sign each module once pushed, with --key or keyless with --identity-token, as wardenkit sign does; with --key also attach its SBOM (dist/<policy>.spdx.json) as wardenkit attest does"),
  ...SIGNING_KEY_FLAGS,
  ...KEYLESS_SIGNING_FLAGS,
  annotation: ANNOTATION_FLAG,
  output: outputFlag(["text", "json"], "text"),
};
export type PublishFlags = typeof flags;

export const publish = defineCommand({
  name: "publish",
  summary: "push every policy of the project as <registry>/<policy>:v<version> and write dist/manifests/<policy>.yaml pinned by digest",
  flags,
  examples: [
    { command: "wardenkit publish --registry ghcr.io/acme/policies", description: "push every policy as ghcr.io/acme/policies/<policy>:v<version> and write dist/manifests" },
    { command: "wardenkit publish --registry localhost:5000/policies --insecure -o json", description: "to a local registry over plain HTTP, printing what was pushed as JSON" },
    { command: "COSIGN_PASSWORD=… wardenkit publish --registry ghcr.io/acme/policies --sign --key cosign.key -a team=platform", description: "push and sign every policy and attest its SBOM; a policy whose signing fails stops the publish, its manifest unwritten" },
    { command: "wardenkit publish --registry ghcr.io/acme/policies --sign --identity-token @$ID_TOKEN_FILE", description: "push and sign every policy keyless, as a release workflow does with its OIDC token" },
  ],
  load: () => import("../actions/publish.ts"),
});
