// Checking an X.509 certificate's trust through Kubewarden's
// `crypto/v1/is_certificate_trusted` host capability.
import { JsonWriter } from "../json/write";
import { byteArray, callJson, missingField, utf8Bytes } from "./json-call";

/**
 * How a certificate's bytes are encoded.
 *
 * @example
 * new Certificate(CertificateEncoding.Der, derBytes);
 */
export enum CertificateEncoding {
  Pem,
  Der,
}

/**
 * One certificate, as bytes in its encoding.
 *
 * @example
 * const cert = Certificate.pem(settings.certificate);
 */
export class Certificate {
  constructor(readonly encoding: CertificateEncoding, readonly data: Uint8Array) {}

  /** A PEM certificate from its text. */
  static pem(text: string): Certificate {
    return new Certificate(CertificateEncoding.Pem, utf8Bytes(text));
  }

  /** A DER certificate from its bytes. */
  static der(bytes: Uint8Array): Certificate {
    return new Certificate(CertificateEncoding.Der, bytes);
  }
}

/**
 * The chain to verify against (intermediates first, root last; null: the host's
 * default roots) and the RFC 3339 time the certificate must still be valid at (null: never expires).
 *
 * @example
 * isCertificateTrusted(cert, { chain: [Certificate.pem(rootPem)], notAfter: "2030-01-01T00:00:00Z" });
 */
export class CertificateTrustOptions {
  chain: Certificate[] | null = null;
  notAfter: string | null = null;
}

/**
 * Whether the host trusts the certificate, and why not, when `ok`; else `error`,
 * the first line of the host's message.
 *
 * @example
 * const check = isCertificateTrusted(Certificate.pem(pem));
 * if (check.ok && !check.trusted) return reject("the certificate is not trusted: " + check.reason);
 */
export class CertificateTrustResult {
  constructor(readonly ok: bool, readonly trusted: bool, readonly reason: string, readonly error: string) {}
}

function certificate(out: JsonWriter, cert: Certificate): void {
  out.beginObject().key("encoding").string(cert.encoding == CertificateEncoding.Pem ? "Pem" : "Der").key("data");
  byteArray(out, cert.data).endObject();
}

/**
 * Asks the host whether `cert` is trusted by `options.chain` and valid until `options.notAfter`.
 *
 * @example
 * const check = isCertificateTrusted(Certificate.pem(pem), { chain: [Certificate.pem(rootPem)], notAfter: null });
 * if (!check.ok) return reject("the certificate could not be checked: " + check.error, CODE_INTERNAL_ERROR);
 */
export function isCertificateTrusted(cert: Certificate, options: CertificateTrustOptions = new CertificateTrustOptions()): CertificateTrustResult {
  const out = new JsonWriter().beginObject().key("cert");
  certificate(out, cert);
  out.key("cert_chain");
  const chain = options.chain;
  if (chain === null) out.nullValue();
  else {
    out.beginArray();
    for (let i = 0; i < chain.length; i++) certificate(out, chain[i]);
    out.endArray();
  }
  // Sent even when null: the host's deserializer for it may not accept an absent field.
  const notAfter = options.notAfter;
  out.key("not_after");
  if (notAfter === null) out.nullValue();
  else out.string(notAfter);
  const answer = callJson("crypto", "v1/is_certificate_trusted", out.endObject().toString());
  if (!answer.ok) return new CertificateTrustResult(false, false, "", answer.error);
  const fields = answer.value.pick(["trusted", "reason"]);
  if (!fields[0].isBool) return new CertificateTrustResult(false, false, "", missingField("v1/is_certificate_trusted", "trusted"));
  return new CertificateTrustResult(true, fields[0].isTrue, fields[1].stringOr(""), "");
}
