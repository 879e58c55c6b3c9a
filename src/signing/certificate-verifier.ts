// sigstore-rs 0.13's CertificateVerifier (cosign/verification_constraint/certificate_verifier.rs),
// which policy-evaluator uses for SigstoreCertificateVerify: the certificate must be meant for
// code signing (digital signature key usage, code signing extended key usage, a subject
// alternative name) and already valid; with a chain, it must be issued by one of the chain's
// certificates (all of them are trust anchors, as sigstore-rs builds its pool) and valid now.
// A signature layer satisfies it when the certificate's key signed it and, when the layer
// carries a verified Rekor bundle, the entry was integrated within the certificate's validity;
// without a bundle only when a bundle is not required. Failures keep sigstore-rs's wording.
import { X509Certificate as CertificateExtensions } from "@sigstore/core";
import { X509Certificate } from "node:crypto";
import type { BundleTime } from "./keyless/rekor-bundle-time.ts";
import type { ImageSignature } from "./read-signatures.ts";
import { signedByKey } from "./signed-by-key.ts";

const CODE_SIGNING = "1.3.6.1.5.5.7.3.3";


export type SignatureConstraint = (signature: ImageSignature) => boolean;

function readCertificate(pem: Uint8Array, what: string): X509Certificate {
  try {
    return new X509Certificate(Buffer.from(pem));
  } catch (err) {
    throw new Error(`x509 error: cannot read ${what}: ${(err as Error).message}`);
  }
}

/** sigstore-rs's verify_key_usages, verify_has_san and verify_validity. */
function requireCodeSigning(cert: X509Certificate): void {
  const extensions = CertificateExtensions.parse(cert.raw);
  if (!extensions.extKeyUsage?.digitalSignature) throw new Error("Bundled certificate does not have digital signature key usage");
  if (!(cert.keyUsage ?? []).includes(CODE_SIGNING)) throw new Error("Bundled certificate does not have code signing extended key usage");
  if (!extensions.extSubjectAltName) throw new Error("Certificate without Subject Alternative Name");
  if (Date.now() < new Date(cert.validFrom).getTime()) throw new Error(`Certificate validity check failed: cannot be used before ${cert.validFrom}`);
}

/** webpki's check against the chain as sigstore-rs's CertificatePool makes it; webpki names its errors. */
function requireIssuedByChain(cert: X509Certificate, chain: X509Certificate[]): void {
  const now = Date.now();
  if (now > new Date(cert.validTo).getTime()) throw new Error("CertExpired");
  if (!chain.some((anchor) => cert.checkIssued(anchor) && cert.verify(anchor.publicKey))) throw new Error("UnknownIssuer");
}

/**
 * The constraint `certificate` (PEM) sets, or an Error in sigstore-rs's words when the
 * certificate cannot be used. `bundleTime` reads a layer's Rekor bundle.
 */
export function certificateVerifier(
  certificate: Uint8Array,
  requireRekorBundle: boolean,
  chain: Uint8Array[] | undefined,
  bundleTime: (signature: ImageSignature) => BundleTime,
): SignatureConstraint {
  const cert = readCertificate(certificate, "the certificate");
  requireCodeSigning(cert);
  if (chain) requireIssuedByChain(cert, chain.map((pem, i) => readCertificate(pem, `certificate_chain[${i}]`)));
  const notBefore = new Date(cert.validFrom).getTime() / 1000;
  const notAfter = new Date(cert.validTo).getTime() / 1000;
  return (signature) => {
    if (!signedByKey(signature, cert.publicKey)) return false;
    const integrated = bundleTime(signature);
    if (integrated === "invalid") return false;
    if (integrated === "none") return !requireRekorBundle;
    return integrated >= notBefore && integrated <= notAfter;
  };
}
