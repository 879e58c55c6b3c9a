import { defineCommand } from "../command.ts";
import { outputFlag, stringFlag } from "../flags.ts";
import { KEYLESS_VERIFY_FLAGS } from "./keyless-flags.ts";
import { ANNOTATION_FLAG, REGISTRY_CONNECTION_FLAGS } from "./shared-flags.ts";

const flags = {
  key: stringFlag("cosign.pub", "accept a signature by this public key (PEM)"),
  ...KEYLESS_VERIFY_FLAGS,
  annotation: ANNOTATION_FLAG,
  "verification-config": stringFlag("file", "judge the signatures by a Kubewarden verification config (allOf, anyOf, minimumMatches)"),
  ...REGISTRY_CONNECTION_FLAGS,
  output: outputFlag(["text", "json"], "text"),
};
export type VerifyFlags = typeof flags;

export const verify = defineCommand({
  name: "verify",
  summary: "verify the signatures of a module in a registry, by a public key, a keyless identity or a Kubewarden verification config",
  positionals: [{ name: "reference", description: "registry://<host[:port]>/<repo>:<tag> (or @sha256:…)" }],
  flags,
  details: [
    "Give --key or --certificate-identity with --certificate-oidc-issuer (each with any -a key=value the signature must carry), " +
      "or --verification-config, the file policy-server's --verification-path reads. " +
      "A module whose signatures do not satisfy it is refused, exit 1, naming each rule that was not satisfied; the digest printed is the one verified.",
    "Keyless signatures (--certificate-identity, genericIssuer and githubAction rules) are verified against the Sigstore trust root of --trusted-root: " +
      "the certificate chains to its Fulcio CA and was valid when Rekor logged the signature, it has an SCT of its CT log, Rekor's SET verifies with its key, " +
      "and the signature verifies over the payload. Without --trusted-root such rules are refused, never passed.",
  ],
  examples: [
    { command: "wardenkit verify registry://ghcr.io/acme/policies/required-labels:v0.1.0 --key cosign.pub", description: "accept a signature by this key" },
    { command: "wardenkit verify registry://ghcr.io/acme/policies/required-labels:v0.1.0 --key cosign.pub -a team=platform", description: "and only one that carries the annotation team=platform" },
    {
      command: "wardenkit verify registry://ghcr.io/acme/policies/required-labels:v0.1.0 --trusted-root trusted_root.json " +
        "--certificate-identity https://github.com/acme/policies/.github/workflows/release.yml@refs/tags/v0.1.0 --certificate-oidc-issuer https://token.actions.githubusercontent.com",
      description: "accept a keyless signature by this GitHub Actions workflow",
    },
    { command: "wardenkit verify registry://localhost:5000/policies/required-labels:dev --verification-config verification-config.yml -o json", description: "judge by a verification config, printing the verified digest as JSON" },
  ],
  load: () => import("../actions/verify.ts"),
});
