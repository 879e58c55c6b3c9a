// What the signing commands read for keyless signing and verification: the identity token
// and the Fulcio and Rekor to use, the certificate identity to require, and the trust root.
import { keylessVerifier } from "../../signing/keyless/keyless-verifier.ts";
import { readIdentityToken } from "../../signing/keyless/identity-token.ts";
import type { KeylessSigningOptions } from "../../signing/keyless/sign-keyless.ts";
import { readTrustRoot } from "../../signing/keyless/trust-root.ts";
import type { KeylessVerifier } from "../../signing/keyless-identity.ts";
import { UsageError } from "../errors.ts";

interface KeylessSigningFlags {
  "identity-token": string | undefined;
  "fulcio-url": string;
  "rekor-url": string;
  "trusted-root": string | undefined;
}

/** The keyless signing of --identity-token, or undefined when the command signs with a key. */
export function keylessSigning(flags: KeylessSigningFlags): KeylessSigningOptions | undefined {
  const token = flags["identity-token"];
  if (token === undefined) {
    if (flags["trusted-root"] !== undefined) throw new UsageError("--trusted-root goes with --identity-token when signing");
    return undefined;
  }
  return {
    identityToken: readIdentityToken(token),
    fulcioUrl: flags["fulcio-url"],
    rekorUrl: flags["rekor-url"],
    ...(flags["trusted-root"] !== undefined ? { trustRoot: readTrustRoot(flags["trusted-root"]) } : {}),
  };
}

/** The verifier of keyless signatures against --trusted-root; undefined without one, so a keyless rule is refused, never passed. */
export function keylessVerification(trustedRoot: string | undefined): KeylessVerifier | undefined {
  return trustedRoot === undefined ? undefined : keylessVerifier(readTrustRoot(trustedRoot));
}

/** --certificate-identity and --certificate-oidc-issuer, which only make sense together. */
export function certificateIdentity(flags: { "certificate-identity": string | undefined; "certificate-oidc-issuer": string | undefined }): { subject: string; issuer: string } | undefined {
  const subject = flags["certificate-identity"];
  const issuer = flags["certificate-oidc-issuer"];
  if (subject === undefined && issuer === undefined) return undefined;
  if (subject === undefined || issuer === undefined) throw new UsageError("--certificate-identity and --certificate-oidc-issuer go together");
  return { subject, issuer };
}
