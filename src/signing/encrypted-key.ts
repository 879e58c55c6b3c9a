// cosign's encrypted private keys: a PEM block whose body is a JSON envelope (the format of
// secure-systems-lab's go-securesystemslib `encrypted` package): the key is derived from the
// password with scrypt, and the PKCS#8 DER of the private key is sealed with NaCl's secretbox
// (XSalsa20-Poly1305). scrypt is node:crypto's and secretbox @noble/ciphers'; only the
// envelope, a few JSON fields no npm package reads, is written here.
import { createPrivateKey, randomBytes, scrypt, type KeyObject } from "node:crypto";
import { xsalsa20poly1305 } from "@noble/ciphers/salsa.js";
import { pemBlocks, toPem } from "./pem.ts";
import { SigningError, signingMessages } from "./signing-errors.ts";

/** What cosign 2.x writes; cosign 1.x wrote the second label, with the same envelope. */
export const PRIVATE_KEY_LABEL = "ENCRYPTED SIGSTORE PRIVATE KEY";
export const LEGACY_PRIVATE_KEY_LABEL = "ENCRYPTED COSIGN PRIVATE KEY";

/** cosign's parameters for new keys. */
const NEW_KEY_SCRYPT = { N: 65536, r: 8, p: 1 };
/** Bounds on what a key file may ask for: cosign's own, with room, and no more memory than 1 GiB. */
const MAX_SCRYPT = { N: 1 << 20, r: 32, p: 16 };
const KEY_BYTES = 32;
const SALT_BYTES = 32;
const NONCE_BYTES = 24;

interface Envelope {
  kdf: { name: string; params: { N: number; r: number; p: number }; salt: string };
  cipher: { name: string; nonce: string };
  ciphertext: string;
}

function deriveKey(password: string, salt: Uint8Array, params: { N: number; r: number; p: number }): Promise<Uint8Array> {
  const maxmem = 128 * params.N * params.r * params.p + 32 * 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_BYTES, { ...params, maxmem }, (err, key) => (err ? reject(err) : resolve(new Uint8Array(key)))),
  );
}

const isCount = (n: unknown, max: number): n is number => Number.isSafeInteger(n) && (n as number) > 0 && (n as number) <= max;

/** The envelope of a key file, its fields checked so that decryption meets only sound values. */
function readEnvelope(text: string, source: string): Envelope {
  const block = pemBlocks(text).find((b) => b.label === PRIVATE_KEY_LABEL || b.label === LEGACY_PRIVATE_KEY_LABEL);
  if (!block) throw new SigningError(signingMessages.notPem(source, `an ${PRIVATE_KEY_LABEL} (cosign generate-key-pair writes one)`));
  let envelope: Envelope;
  try {
    envelope = JSON.parse(Buffer.from(block.der).toString("utf8")) as Envelope;
  } catch {
    throw new SigningError(signingMessages.badKeyFile(source, "its body is not the JSON envelope cosign writes"));
  }
  const { kdf, cipher } = envelope ?? {};
  if (kdf?.name !== "scrypt") throw new SigningError(signingMessages.unsupportedKdf(source, String(kdf?.name)));
  if (cipher?.name !== "nacl/secretbox") throw new SigningError(signingMessages.unsupportedCipher(source, String(cipher?.name)));
  const { N, r, p } = kdf.params ?? {};
  if (!isCount(N, MAX_SCRYPT.N) || (N & (N - 1)) !== 0 || !isCount(r, MAX_SCRYPT.r) || !isCount(p, MAX_SCRYPT.p)) {
    throw new SigningError(signingMessages.badKeyFile(source, `scrypt parameters N=${N}, r=${r}, p=${p} are out of bounds`));
  }
  if (typeof kdf.salt !== "string" || typeof cipher.nonce !== "string" || typeof envelope.ciphertext !== "string") {
    throw new SigningError(signingMessages.badKeyFile(source, "salt, nonce or ciphertext is missing"));
  }
  return envelope;
}

/** The private key of a cosign key file; a wrong password is a SigningError saying so. */
export async function decryptPrivateKey(text: string, password: string, source: string): Promise<KeyObject> {
  const envelope = readEnvelope(text, source);
  const salt = Buffer.from(envelope.kdf.salt, "base64");
  const nonce = Buffer.from(envelope.cipher.nonce, "base64");
  if (nonce.length !== NONCE_BYTES) throw new SigningError(signingMessages.badKeyFile(source, `the nonce is ${nonce.length} bytes, not ${NONCE_BYTES}`));
  const secret = await deriveKey(password, salt, envelope.kdf.params);
  let der: Uint8Array;
  try {
    der = xsalsa20poly1305(secret, nonce).decrypt(Buffer.from(envelope.ciphertext, "base64"));
  } catch {
    throw new SigningError(signingMessages.wrongPassword(source));
  }
  try {
    return createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" });
  } catch {
    throw new SigningError(signingMessages.badKeyFile(source, "the decrypted content is not a PKCS#8 private key"));
  }
}

/** A cosign key file for a private key, sealed with the password as cosign 2.x seals it. */
export async function encryptPrivateKey(key: KeyObject, password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const secret = await deriveKey(password, salt, NEW_KEY_SCRYPT);
  const der = key.export({ format: "der", type: "pkcs8" });
  const envelope: Envelope = {
    kdf: { name: "scrypt", params: NEW_KEY_SCRYPT, salt: salt.toString("base64") },
    cipher: { name: "nacl/secretbox", nonce: nonce.toString("base64") },
    ciphertext: Buffer.from(xsalsa20poly1305(secret, nonce).encrypt(der)).toString("base64"),
  };
  return toPem(PRIVATE_KEY_LABEL, new TextEncoder().encode(JSON.stringify(envelope)));
}
