// Whether a stored signature was made by a key: ECDSA P-256 over the SHA-256 of the payload
// bytes exactly as stored, the signature DER-encoded in base64 (sigstore-rs's
// `is_signed_by_key`). A signature that is not even base64 DER simply does not verify.
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { SIGNATURE_HASH } from "./key-type.ts";
import type { ImageSignature } from "./read-signatures.ts";

export function signedByKey(signature: ImageSignature, key: KeyObject): boolean {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  try {
    return verify(SIGNATURE_HASH, signature.payload, publicKey, Buffer.from(signature.signature, "base64"));
  } catch {
    return false;
  }
}
