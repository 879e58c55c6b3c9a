// Verifies a keyless signature layer as cosign 2.x and policy-server do: the Fulcio certificate
// chains to the trust root's CA and was valid when Rekor logged the signature (the signed entry
// timestamp's time), it carries an SCT from a trusted CT log, Rekor's SET verifies with Rekor's
// key, the Rekor entry records this signature, this payload's digest and this certificate, and
// the signature verifies over the payload with the certificate's key. The checks are
// @sigstore/verify's, fed with a Sigstore bundle (v0.1) rebuilt from cosign's annotations;
// only the entry's certificate comparison is done here, as sigstore-js does not make it.
import { createHash } from "node:crypto";
import { bundleFromJSON, BUNDLE_V01_MEDIA_TYPE, type Bundle } from "@sigstore/bundle";
import { pem, X509Certificate } from "@sigstore/core";
import { toSignedEntity, Verifier } from "@sigstore/verify";
import { BUNDLE_ANNOTATION, CERTIFICATE_ANNOTATION, SIGNATURE_ANNOTATION } from "../signature-tag.ts";
import { parseRekorBundle, type RekorBundle, type SignatureLayer } from "./cosign-bundle.ts";
import { certificateIdentity, type VerifiedKeylessIdentity } from "./certificate-identity.ts";
import { KeylessError, keylessMessages } from "./errors.ts";
import { rejectionReason } from "./rejection-reason.ts";
import type { TrustRoot } from "./trust-root.ts";

interface HashedRekordBody {
  kind?: string;
  apiVersion?: string;
  spec?: { signature?: { publicKey?: { content?: string } } };
}

function readBody(bundle: RekorBundle): HashedRekordBody {
  try {
    return JSON.parse(Buffer.from(bundle.Payload.body, "base64").toString("utf8")) as HashedRekordBody;
  } catch (err) {
    throw new KeylessError(keylessMessages.malformedBundle(`its entry body is not JSON (${(err as Error).message})`));
  }
}

function leafCertificate(text: string): { certificate: X509Certificate; der: Buffer } {
  try {
    const der = pem.toDER(text);
    return { certificate: X509Certificate.parse(der), der };
  } catch (err) {
    throw new KeylessError(keylessMessages.malformedCertificate((err as Error).message));
  }
}

/** The Sigstore bundle (v0.1) that says what cosign's annotations say. */
function sigstoreBundle(layer: SignatureLayer, signature: string, certificateDer: Buffer, rekor: RekorBundle, body: HashedRekordBody): unknown {
  const { body: canonicalizedBody, integratedTime, logIndex, logID } = rekor.Payload;
  return {
    mediaType: BUNDLE_V01_MEDIA_TYPE,
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: certificateDer.toString("base64") }] },
      tlogEntries: [{
        logIndex: String(logIndex),
        logId: { keyId: Buffer.from(logID, "hex").toString("base64") },
        kindVersion: { kind: body.kind ?? "", version: body.apiVersion ?? "" },
        integratedTime: String(integratedTime),
        inclusionPromise: { signedEntryTimestamp: rekor.SignedEntryTimestamp },
        canonicalizedBody,
      }],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    messageSignature: {
      messageDigest: { algorithm: "SHA2_256", digest: createHash("sha256").update(layer.payload).digest("base64") },
      signature,
    },
  };
}

/** cosign's check that the logged entry is for this certificate: sigstore-js compares only the signature and digest. */
function requireSameCertificate(body: HashedRekordBody, certificateDer: Buffer): void {
  const logged = body.spec?.signature?.publicKey?.content;
  let loggedDer: Buffer | undefined;
  try {
    loggedDer = logged ? pem.toDER(Buffer.from(logged, "base64").toString("utf8")) : undefined;
  } catch {
    loggedDer = undefined;
  }
  if (!loggedDer || !loggedDer.equals(certificateDer)) throw new KeylessError(keylessMessages.entryForAnotherKey);
}

function annotation(layer: SignatureLayer, name: string, missing: string): string {
  const value = layer.annotations[name];
  if (value === undefined || value === "") throw new KeylessError(missing);
  return value;
}

/**
 * Verifies one keyless signature layer against a trust root and returns who signed it.
 * Throws a KeylessError naming the first check that fails. The identity is not checked here:
 * match it with `keylessIdentityMatches` (../rule-match.ts).
 */
export function verifyKeylessSignature(layer: SignatureLayer, trustRoot: TrustRoot): VerifiedKeylessIdentity {
  const certificatePem = annotation(layer, CERTIFICATE_ANNOTATION, keylessMessages.noCertificate);
  const rekor = parseRekorBundle(annotation(layer, BUNDLE_ANNOTATION, keylessMessages.noBundle));
  const signature = annotation(layer, SIGNATURE_ANNOTATION, keylessMessages.noSignature);
  const { certificate, der } = leafCertificate(certificatePem);
  const body = readBody(rekor);
  const issuer = verifiedIssuer(() => bundleFromJSON(sigstoreBundle(layer, signature, der, rekor, body)), trustRoot, Buffer.from(layer.payload));
  requireSameCertificate(body, der);
  return certificateIdentity(certificate, certificatePem, issuer);
}

/** @sigstore/verify's checks of a bundle against the trust root; the OIDC issuer its certificate names. */
function verifiedIssuer(bundle: () => Bundle, trustRoot: TrustRoot, data?: Buffer): string | undefined {
  try {
    const verifier = new Verifier(trustRoot.material, { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
    return verifier.verify(toSignedEntity(bundle(), data)).identity?.extensions?.issuer;
  } catch (err) {
    throw new KeylessError(keylessMessages.rejected(rejectionReason(err)));
  }
}

/** Verifies a bundle sigstore-js made (a DSSE bundle carries its payload) and returns who signed it. */
export function verifyKeylessBundle(bundle: Bundle, certificatePem: string, trustRoot: TrustRoot): VerifiedKeylessIdentity {
  const issuer = verifiedIssuer(() => bundle, trustRoot);
  return certificateIdentity(leafCertificate(certificatePem).certificate, certificatePem, issuer);
}
