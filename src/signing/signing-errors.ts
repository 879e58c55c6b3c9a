// Every failure of signing and verification is a SigningError whose message is one sentence
// naming what failed; the wording lives here so that it stays consistent and testable.
import { redact } from "../io/redact.ts";

export class SigningError extends Error {
  constructor(message: string) {
    super(redact(message));
  }
}

export const signingMessages = {
  noPassword: (file: string) =>
    `${file} is an encrypted private key and no password was given: set COSIGN_PASSWORD (empty for a key made without one) or pass --password-file`,
  wrongPassword: (file: string) => `cannot decrypt ${file}: the password is wrong (or the file was altered)`,
  notPem: (file: string, expected: string) => `${file} is not a PEM file holding ${expected}`,
  badKeyFile: (file: string, why: string) => `${file} is not a cosign private key: ${why}`,
  unsupportedKdf: (file: string, kdf: string) => `${file} uses the key derivation ${kdf}; cosign keys use scrypt`,
  unsupportedCipher: (file: string, cipher: string) => `${file} is encrypted with ${cipher}; cosign keys use nacl/secretbox`,
  wrongKeyType: (file: string, found: string) =>
    `${file} holds ${found} key; wardenkit signs and verifies with ECDSA P-256 keys, the kind cosign generate-key-pair makes`,
  badPublicKey: (file: string, why: string) => `${file} is not a PEM public key: ${why}`,
  badSignatureManifest: (tag: string, why: string) => `the signature manifest ${tag} cannot be read: ${why}`,
  noSignatures: (reference: string) => `no signatures found for ${reference}`,
  badAnnotation: (text: string) => `annotation '${text}' is not name=value`,
};
