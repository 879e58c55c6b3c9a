// An attestation as `cosign attest` (2.x) makes one: an in-toto statement naming the image
// by its repository and digest, with the predicate (an SPDX document for `--type
// spdxjson`), in a signed DSSE envelope that becomes one layer of the image's `.att`
// manifest, annotated with its predicate type.
import { sign, type KeyObject } from "node:crypto";
import { SIGNATURE_HASH } from "./key-type.ts";
import { SIGNATURE_ANNOTATION } from "./signature-tag.ts";
import { DSSE_MEDIA_TYPE, IN_TOTO_PAYLOAD_TYPE, envelopeBytes, preAuthEncoding } from "./dsse.ts";

export const IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v0.1";
/** cosign's `--type spdxjson`. */
export const SPDX_PREDICATE_TYPE = "https://spdx.dev/Document";
/** The layer annotation naming the predicate type, which `cosign verify-attestation --type` filters on. */
export const PREDICATE_TYPE_ANNOTATION = "predicateType";

export interface AttestationSubject {
  /** `host/repository`, as cosign names the subject. */
  repository: string;
  /** `sha256:<hex>` of the image manifest. */
  digest: string;
}

/** Signs the bytes it is given (the envelope's PAE); keyless signers add their certificate annotations. */
export interface PayloadSigner {
  sign(bytes: Uint8Array): Promise<{ signature: Uint8Array; annotations?: Record<string, string> }>;
}

/**
 * Signs a whole envelope itself (keyless signing through sigstore-js): what it returns is the
 * envelope exactly as Rekor logged it, since cosign checks the logged hash against the layer's bytes.
 */
export interface EnvelopeSigner {
  signEnvelope(payloadType: string, payload: Uint8Array): Promise<{ envelope: Uint8Array; annotations: Record<string, string> }>;
}

export type AttestationSigner = PayloadSigner | EnvelopeSigner;

/** Signs with a private key (cosign's ECDSA P-256), as `cosign attest --key` does. */
export function keySigner(key: KeyObject): PayloadSigner {
  return { sign: async (bytes) => ({ signature: sign(SIGNATURE_HASH, bytes, key) }) };
}

export interface AttestationLayer {
  bytes: Uint8Array;
  mediaType: string;
  annotations: Record<string, string>;
}

export function inTotoStatement(subject: AttestationSubject, predicateType: string, predicate: unknown): Uint8Array {
  const [algorithm, hex] = subject.digest.split(":");
  const statement = {
    _type: IN_TOTO_STATEMENT_TYPE,
    predicateType,
    subject: [{ name: subject.repository, digest: { [algorithm]: hex } }],
    predicate,
  };
  return new TextEncoder().encode(JSON.stringify(statement));
}

/** The signed envelope of a statement, and the annotations of its layer. */
async function signedEnvelope(statement: Uint8Array, signer: AttestationSigner): Promise<{ envelope: Uint8Array; annotations?: Record<string, string> }> {
  if ("signEnvelope" in signer) return signer.signEnvelope(IN_TOTO_PAYLOAD_TYPE, statement);
  const { signature, annotations } = await signer.sign(preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, statement));
  return { envelope: envelopeBytes(IN_TOTO_PAYLOAD_TYPE, statement, signature), annotations };
}

export async function attestationLayer(subject: AttestationSubject, predicateType: string, predicate: unknown, signer: AttestationSigner): Promise<AttestationLayer> {
  const statement = inTotoStatement(subject, predicateType, predicate);
  const { envelope, annotations } = await signedEnvelope(statement, signer);
  return {
    bytes: envelope,
    mediaType: DSSE_MEDIA_TYPE,
    // cosign leaves the signature annotation empty on an attestation: the signature is in the envelope.
    annotations: { [SIGNATURE_ANNOTATION]: "", ...annotations, [PREDICATE_TYPE_ANNOTATION]: predicateType },
  };
}
