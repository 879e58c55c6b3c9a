import { defineCommand } from "../command.ts";
import { outputFlag, requiredFlag } from "../flags.ts";
import { KEYLESS_SIGNING_FLAGS } from "./keyless-flags.ts";
import { REGISTRY_CONNECTION_FLAGS, SIGNING_KEY_FLAGS } from "./shared-flags.ts";

const flags = {
  sbom: requiredFlag("file", "the SPDX JSON SBOM to attach (build writes dist/<policy>.spdx.json)"),
  ...SIGNING_KEY_FLAGS,
  ...KEYLESS_SIGNING_FLAGS,
  ...REGISTRY_CONNECTION_FLAGS,
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
    "Signed with --key <cosign.key>, or keyless with --identity-token: the envelope is signed with an ephemeral key that Fulcio certifies, logged in Rekor as a dsse entry, " +
      "and the layer carries cosign's certificate, chain and bundle annotations, as cosign attest stores a keyless attestation. With --trusted-root the attestation is verified before it is attached. " +
      "When Fulcio or Rekor refuse, nothing is attached.",
  ],
  examples: [
    { command: "wardenkit attest registry://ghcr.io/acme/policies/required-labels:v0.1.0 --sbom dist/required-labels.spdx.json --key cosign.key", description: "attest the SBOM build wrote for the pushed module" },
    { command: "wardenkit attest registry://ghcr.io/acme/policies/required-labels:v0.1.0 --sbom dist/required-labels.spdx.json --identity-token @oidc-token", description: "attest it keyless with an OIDC identity token (GitHub Actions' own in a workflow)" },
  ],
  load: () => import("../actions/attest.ts"),
});
