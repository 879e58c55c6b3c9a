// `crypto/v1/is_certificate_trusted` with node:crypto's X509Certificate, as
// policy-evaluator answers it: the certificate is checked at `not_after` (RFC 3339;
// now when null) and must chain up, through issuers that are CAs and that signed it,
// to the last certificate of `cert_chain` (the root; the others are intermediates),
// or, with no chain, to one of Mozilla's roots (Node's bundled tls.rootCertificates,
// the list webpki-roots also carries). A root is not checked for expiry, as webpki does not.
import { X509Certificate } from "node:crypto";
import { rootCertificates } from "node:tls";
import type { CertificateVerificationRequest, WireCertificate } from "../capabilities/external-requests.ts";

/** policy-evaluator's reasons (crates/policy-evaluator/src/callback_handler/crypto.rs). */
export const CERTIFICATE_USED_AFTER_EXPIRATION = "Certificate is being used after its expiration date";
export const CERTIFICATE_USED_BEFORE_VALIDITY = "Certificate is being used before its validity date";
export const CERTIFICATE_NOT_TRUSTED_BY_CHAIN = "Certificate is not trusted by the provided cert chain";

export interface CertificateVerificationResponse {
  trusted: boolean;
  reason: string;
}

/** A chain longer than this is refused as untrusted, so that a crafted chain cannot loop. */
const MAX_CHAIN_DEPTH = 16;

let systemRoots: X509Certificate[] | undefined;

function certificateOf(wire: WireCertificate): X509Certificate {
  if (!wire || typeof wire !== "object" || !Array.isArray(wire.data) || (wire.encoding !== "Pem" && wire.encoding !== "Der")) {
    throw new Error("invalid is_certificate_trusted request: a certificate is {\"encoding\": \"Pem\"|\"Der\", \"data\": [bytes]}");
  }
  try {
    return new X509Certificate(Buffer.from(wire.data));
  } catch (err) {
    throw new Error(`Certificate ${wire.encoding === "Pem" ? "PEM" : "DER"} data is not valid: ${(err as Error).message}`);
  }
}

function verificationTime(notAfter: string | null | undefined): Date {
  if (notAfter === undefined || notAfter === null) return new Date();
  const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
  const time = new Date(notAfter);
  if (typeof notAfter !== "string" || !rfc3339.test(notAfter) || Number.isNaN(time.getTime())) {
    throw new Error("Timestamp not_after is not in RFC3339 format");
  }
  return time;
}

function validityReason(cert: X509Certificate, at: Date): string | undefined {
  if (at > new Date(cert.validTo)) return CERTIFICATE_USED_AFTER_EXPIRATION;
  if (at < new Date(cert.validFrom)) return CERTIFICATE_USED_BEFORE_VALIDITY;
  return undefined;
}

const issued = (cert: X509Certificate, by: X509Certificate) => by.ca && cert.checkIssued(by) && cert.verify(by.publicKey);

/** Why `cert` does not chain up to one of `roots` through `intermediates` at `at`; undefined when it does. */
function chainReason(cert: X509Certificate, intermediates: X509Certificate[], roots: X509Certificate[], at: Date, depth = 0): string | undefined {
  if (roots.some((root) => issued(cert, root))) return undefined;
  let reason = CERTIFICATE_NOT_TRUSTED_BY_CHAIN;
  if (depth >= MAX_CHAIN_DEPTH) return reason;
  for (const intermediate of intermediates.filter((i) => i !== cert && issued(cert, i))) {
    const why = validityReason(intermediate, at) ?? chainReason(intermediate, intermediates, roots, at, depth + 1);
    if (!why) return undefined;
    reason = why;
  }
  return reason;
}

export function isCertificateTrusted(request: CertificateVerificationRequest): CertificateVerificationResponse {
  const cert = certificateOf(request.cert);
  const at = verificationTime(request.not_after);
  if (request.cert_chain !== undefined && request.cert_chain !== null && !Array.isArray(request.cert_chain)) {
    throw new Error("invalid is_certificate_trusted request: `cert_chain` must be a list of certificates");
  }
  const chain = request.cert_chain?.map(certificateOf);
  const roots = chain ? chain.slice(-1) : (systemRoots ??= rootCertificates.map((pem) => new X509Certificate(pem)));
  const intermediates = chain ? chain.slice(0, -1) : [];
  const reason = validityReason(cert, at) ?? chainReason(cert, intermediates, roots, at);
  return { trusted: reason === undefined, reason: reason ?? "" };
}
