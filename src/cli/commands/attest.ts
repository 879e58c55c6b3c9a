import { defineCommand } from "../command.ts";
import { outputFlag, requiredFlag } from "../flags.ts";
import { CA_FILE_FLAG, INSECURE_FLAG, SIGNING_KEY_FLAGS } from "./shared-flags.ts";

const flags = {
  sbom: requiredFlag("file", "the SPDX JSON SBOM to attach (build writes dist/<policy>.spdx.json)"),
  ...SIGNING_KEY_FLAGS,
  insecure: INSECURE_FLAG,
  "ca-file": CA_FILE_FLAG,
  output: outputFlag(["text", "json"], "text"),
};
export type AttestFlags = typeof flags;

export const attest = defineCommand({
  name: "attest",
  summary: "attach a signed SBOM attestation to an artifact in a registry, as cosign attest --type spdxjson does",
  positionals: [{ name: "reference", description: "registry://<host[:port]>/<repo>:<tag> or @sha256:<digest>" }],
  flags,
  details: [
    "The SBOM becomes the predicate (https://spdx.dev/Document) of an in-toto statement about the artifact's digest, signed in a DSSE envelope and " +
      "appended to the artifact's sha256-<hex>.att tag, where cosign verify-attestation --type spdxjson and cosign download attestation find it. " +
      "An SBOM naming its module's sha256 is attached only to an artifact holding that module.",
  ],
  examples: [
    { command: "wardenkit attest registry://ghcr.io/acme/policies/required-labels:v0.1.0 --sbom dist/required-labels.spdx.json --key cosign.key", description: "attest the SBOM build wrote for the pushed module" },
  ],
  load: () => import("../actions/attest.ts"),
});
