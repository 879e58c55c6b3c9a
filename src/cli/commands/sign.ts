import { defineCommand } from "../command.ts";
import { outputFlag } from "../flags.ts";
import { KEYLESS_SIGNING_FLAGS } from "./keyless-flags.ts";
import { ANNOTATION_FLAG, REGISTRY_CONNECTION_FLAGS, SIGNING_KEY_FLAGS } from "./shared-flags.ts";

const flags = {
  ...SIGNING_KEY_FLAGS,
  ...KEYLESS_SIGNING_FLAGS,
  annotation: ANNOTATION_FLAG,
  ...REGISTRY_CONNECTION_FLAGS,
  output: outputFlag(["text", "json"], "text"),
};
export type SignFlags = typeof flags;

export const sign = defineCommand({
  name: "sign",
  summary: "sign a module in a registry with a cosign key or keyless, as cosign sign stores signatures",
  positionals: [{ name: "reference", description: "registry://<host[:port]>/<repo>:<tag> (or @sha256:…)" }],
  flags,
  details: [
    "The signature signs the manifest digest the reference names now, and is added to the signatures already there, " +
      "in the sha256-<digest>.sig tag of the same repository, which cosign verify and Kubewarden's policy-server read. " +
      "With --key no transparency log is written to, and signing again with the same key and annotations adds nothing.",
    "With --identity-token the signature is keyless, as cosign makes it: an ephemeral key, a Fulcio certificate for the token's identity " +
      "and an entry in Rekor, stored with cosign's certificate, chain and bundle annotations. With --trusted-root the new signature is " +
      "verified against it before it is stored, and the identity it carries is printed.",
  ],
  examples: [
    { command: "COSIGN_PASSWORD=… wardenkit sign registry://ghcr.io/acme/policies/required-labels:v0.1.0 --key cosign.key", description: "sign a published module" },
    { command: "wardenkit sign registry://localhost:5000/policies/required-labels:dev --key cosign.key --password-file pass.txt -a team=platform -a stage=dev", description: "with annotations, on a local registry" },
    { command: "wardenkit sign registry://ghcr.io/acme/policies/required-labels:v0.1.0 --identity-token @$ID_TOKEN_FILE", description: "keyless, with an OIDC token (GitHub Actions' own) against the public Fulcio and Rekor" },
  ],
  load: () => import("../actions/sign.ts"),
});
