// How attest and publish --sign sign an SBOM attestation: with a cosign key (--key) or keyless
// (--identity-token), never both. The key and its password, or the token and the trust root,
// are read before anything is written.
import { keySigner, type AttestationSigner } from "../../signing/attestation.ts";
import type { VerifiedKeylessIdentity } from "../../signing/keyless/certificate-identity.ts";
import { keylessEnvelopeSigner } from "../../signing/keyless/keyless-envelope-signer.ts";
import { UsageError } from "../errors.ts";
import { keylessSigning } from "./keyless-args.ts";
import { signingKey } from "./signing-args.ts";

export interface AttestationSignerFlags {
  key: string | undefined;
  "password-file": string | undefined;
  "identity-token": string | undefined;
  "fulcio-url": string;
  "rekor-url": string;
  "trusted-root": string | undefined;
}

/** The signer, and for a keyless one, who it signed as once it has signed against a trust root. */
export async function attestationSigner(flags: AttestationSignerFlags): Promise<AttestationSigner & { identity?: VerifiedKeylessIdentity }> {
  if (flags.key !== undefined && flags["identity-token"] !== undefined) throw new UsageError("give either --key <cosign.key> or --identity-token <token|@file>, not both");
  if (flags.key === undefined && flags["identity-token"] === undefined) throw new UsageError("missing --key <cosign.key> or --identity-token <token|@file> (keyless)");
  const keyless = keylessSigning(flags);
  if (keyless) return keylessEnvelopeSigner(keyless);
  return keySigner(await signingKey(flags.key, flags["password-file"]));
}
