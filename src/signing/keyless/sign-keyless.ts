// Keyless signing as cosign 2.x does it: an ephemeral P-256 key, a Fulcio certificate for the
// OIDC identity token, the signature over the payload logged in Rekor (hashedrekord), and the
// result in cosign's annotations. The Fulcio and Rekor clients and the ephemeral signer are
// @sigstore/sign's; what is written here is only the translation of its bundle into cosign's
// annotations. With a trust root, the signature is verified before it is handed back, and the
// CA's chain fills the chain annotation, as cosign stores the chain Fulcio returned.
import { pem, X509Certificate } from "@sigstore/core";
import { FulcioSigner, MessageSignatureBundleBuilder, RekorWitness, type Bundle } from "@sigstore/sign";
import { BUNDLE_ANNOTATION, CERTIFICATE_ANNOTATION, CHAIN_ANNOTATION, SIGNATURE_ANNOTATION } from "../signature-tag.ts";
import { formatRekorBundle } from "./cosign-bundle.ts";
import { KeylessError, keylessMessages } from "./errors.ts";
import type { TrustRoot } from "./trust-root.ts";
import { verifyKeylessSignature } from "./verify-keyless.ts";
import { PUBLIC_FULCIO_URL, PUBLIC_REKOR_URL } from "./public-instances.ts";
import type { VerifiedKeylessIdentity } from "./certificate-identity.ts";

const REQUEST_TIMEOUT_MS = 30_000;

export interface KeylessSigningOptions {
  /** The OIDC identity token (a JWT) Fulcio certifies. */
  identityToken: string;
  fulcioUrl?: string;
  rekorUrl?: string;
  /** When given, the new signature is verified against it before it is returned. */
  trustRoot?: TrustRoot;
}

export interface KeylessSignature {
  /** The annotations of the signature layer, as cosign writes them. */
  annotations: Record<string, string>;
  /** Who Fulcio certified, when the signature was verified against a trust root. */
  identity?: VerifiedKeylessIdentity;
}

/** Runs a sigstore-js bundle builder against Fulcio and Rekor; a refusal becomes a KeylessError that never shows the token. */
export async function fulcioAndRekor<T>(options: KeylessSigningOptions, build: (parts: { signer: FulcioSigner; witnesses: RekorWitness[] }) => Promise<T>): Promise<T> {
  const signer = new FulcioSigner({
    identityProvider: { getToken: async () => options.identityToken },
    fulcioBaseURL: options.fulcioUrl ?? PUBLIC_FULCIO_URL,
    timeout: REQUEST_TIMEOUT_MS,
    retry: false,
  });
  // Rekor's `dsse` entry for an envelope, `hashedrekord` for a message signature: what cosign 2.6 uploads.
  const rekor = new RekorWitness({ rekorBaseURL: options.rekorUrl ?? PUBLIC_REKOR_URL, timeout: REQUEST_TIMEOUT_MS, retry: false });
  try {
    return await build({ signer, witnesses: [rekor] });
  } catch (err) {
    const cause = (err as { cause?: Error }).cause;
    const why = cause ? `${(err as Error).message}: ${cause.message}` : (err as Error).message;
    // sigstore-js quotes a token it cannot parse: never show it.
    throw new KeylessError(keylessMessages.signingFailed(why.split(options.identityToken).join("***")));
  }
}

/** cosign's certificate and bundle annotations for what sigstore-js's bundle holds. */
export function certificateAndBundleAnnotations(bundle: Bundle): Record<string, string> {
  const material = bundle.verificationMaterial;
  const certificate = material.content.$case === "x509CertificateChain"
    ? material.content.x509CertificateChain.certificates[0]?.rawBytes
    : material.content.$case === "certificate" ? material.content.certificate.rawBytes : undefined;
  const entry = material.tlogEntries[0];
  if (!certificate || !entry?.inclusionPromise) {
    throw new KeylessError(keylessMessages.signingFailed("Fulcio or Rekor answered without a certificate or a signed entry timestamp"));
  }
  return {
    [CERTIFICATE_ANNOTATION]: pem.fromDER(certificate),
    [BUNDLE_ANNOTATION]: formatRekorBundle({
      SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp.toString("base64"),
      Payload: {
        body: entry.canonicalizedBody.toString("base64"),
        integratedTime: Number(entry.integratedTime),
        logIndex: Number(entry.logIndex),
        logID: entry.logId.keyId.toString("hex"),
      },
    }),
  };
}

/** cosign's annotations for a message signature: the signature itself, then the certificate and bundle. */
function cosignAnnotations(bundle: Bundle): Record<string, string> {
  if (bundle.content.$case !== "messageSignature") throw new KeylessError(keylessMessages.signingFailed("sigstore-js returned no message signature"));
  return { [SIGNATURE_ANNOTATION]: bundle.content.messageSignature.signature.toString("base64"), ...certificateAndBundleAnnotations(bundle) };
}

/** The chain of the trust root's CA whose first certificate issued the leaf, PEM, as cosign writes the chain annotation. */
export function caChain(trustRoot: TrustRoot, leafPem: string): string {
  const leaf = X509Certificate.parse(leafPem);
  const authority = trustRoot.material.certificateAuthorities.find(({ certChain }) => certChain[0] && leaf.verify(certChain[0]));
  return (authority?.certChain ?? []).map((certificate) => pem.fromDER(certificate.root.toDER())).join("");
}

/**
 * Signs `payload` keyless and returns the annotations of its signature layer. Throws a
 * KeylessError when Fulcio or Rekor refuse, or when the result does not verify against the
 * trust root given: nothing is returned that could be stored half-made.
 */
export async function signKeyless(payload: Uint8Array, options: KeylessSigningOptions): Promise<KeylessSignature> {
  const bundle = await fulcioAndRekor(options, (parts) => new MessageSignatureBundleBuilder(parts).create({ data: Buffer.from(payload) }));
  const annotations = cosignAnnotations(bundle);
  if (!options.trustRoot) return { annotations };
  let identity: VerifiedKeylessIdentity;
  try {
    identity = verifyKeylessSignature({ payload, annotations }, options.trustRoot);
  } catch (err) {
    throw new KeylessError(keylessMessages.signedButUnverifiable((err as Error).message));
  }
  const chain = caChain(options.trustRoot, annotations[CERTIFICATE_ANNOTATION]);
  return { annotations: chain ? { ...annotations, [CHAIN_ANNOTATION]: chain } : annotations, identity };
}
