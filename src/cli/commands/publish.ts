import { defineCommand } from "../command.ts";
import { booleanFlag, outputFlag, requiredFlag, stringFlag } from "../flags.ts";
import { CA_FILE_FLAG, INSECURE_FLAG, DIST_FLAG } from "./shared-flags.ts";

const flags = {
  registry: requiredFlag("host[:port]/prefix", "where to push: each policy goes to <registry>/<policy>:v<version>"),
  dist: DIST_FLAG,
  insecure: INSECURE_FLAG,
  "ca-file": CA_FILE_FLAG,
  force: booleanFlag("move a version tag that already names another module (a published version should not change)"),
  sign: booleanFlag("sign each pushed module with --key and attach its SBOM (dist/<policy>.spdx.json) as a signed attestation, as cosign sign and cosign attest --type spdxjson do"),
  key: stringFlag("cosign.key", "the private key --sign signs with: cosign's encrypted format (COSIGN_PASSWORD or --password-file unlocks it)"),
  "password-file": stringFlag("file", "read the key's password from this file instead of COSIGN_PASSWORD"),
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
    { command: "wardenkit publish --registry ghcr.io/acme/policies --sign --key cosign.key", description: "and sign each module, attaching its SBOM as a signed attestation" },
  ],
  load: () => import("../actions/publish.ts"),
});
