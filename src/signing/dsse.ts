// DSSE envelopes (github.com/secure-systems-lab/dsse), the form cosign 2.x stores an
// attestation in: the payload and its type in base64, each signature over the
// pre-authentication encoding (PAE) of both, never over the payload alone.
// Hand-written: PAE is one line of the spec, and the envelope three fields, as sigstore-js
// writes them inside its own bundles (it has no reader or writer of a bare envelope).

export const DSSE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

export interface DsseSignature {
  keyid: string;
  /** Base64 of the signature over PAE(payloadType, payload). */
  sig: string;
}

export interface DsseEnvelope {
  payloadType: string;
  /** Base64 of the payload bytes. */
  payload: string;
  signatures: DsseSignature[];
}

/** `DSSEv1 <len> <type> <len> <payload>`, lengths in bytes as ASCII decimals. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = new TextEncoder().encode(payloadType);
  const head = new TextEncoder().encode(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

/** The envelope's bytes, fields in the order cosign writes them; `keyid` empty as cosign leaves it. */
export function envelopeBytes(payloadType: string, payload: Uint8Array, signature: Uint8Array): Uint8Array {
  const envelope: DsseEnvelope = {
    payloadType,
    payload: Buffer.from(payload).toString("base64"),
    signatures: [{ keyid: "", sig: Buffer.from(signature).toString("base64") }],
  };
  return new TextEncoder().encode(JSON.stringify(envelope));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** An envelope read back, or the reason it is not one. */
export function parseEnvelope(bytes: Uint8Array): DsseEnvelope | string {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return "the envelope is not JSON";
  }
  if (!isRecord(value) || typeof value.payloadType !== "string" || typeof value.payload !== "string") return "the envelope has no payloadType and payload";
  const signatures = Array.isArray(value.signatures) ? value.signatures.filter((s): s is DsseSignature => isRecord(s) && typeof s.sig === "string") : [];
  if (signatures.length === 0) return "the envelope has no signatures";
  return { payloadType: value.payloadType, payload: value.payload, signatures };
}
