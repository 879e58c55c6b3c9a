// What a keyless rule needs to know about a signature: the identity its Fulcio certificate
// names, once that certificate, its chain to a trusted root, its transparency-log entry and
// the signature over the payload have all been verified. wardenkit's keyless verifier
// supplies it; without one, keyless rules cannot be honoured and are refused (never passed).
import type { ImageSignature } from "./read-signatures.ts";

export interface KeylessIdentity {
  /** The OIDC issuer (certificate extension 1.3.6.1.4.1.57264.1.1). */
  issuer: string;
  /** The certificate's subject alternative name: an email or a URI. */
  subject: string;
  subjectKind: "email" | "uri";
  /** `owner/repo` (extension 1.3.6.1.4.1.57264.1.5), for GitHub Actions identities. */
  githubWorkflowRepository?: string;
}

/**
 * The identity of a keyless signature, or the reason it has none that can be trusted (no
 * certificate, an untrusted or expired one, a signature that does not verify with it).
 */
export type KeylessVerifier = (signature: ImageSignature) => Promise<KeylessIdentity | string>;
