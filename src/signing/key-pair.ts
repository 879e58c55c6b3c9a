// Key pairs as cosign keeps them: an encrypted private key (encrypted-key.ts) and an SPKI
// public key in PEM, both ECDSA P-256.
import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readTextFile, fileErrorReason } from "../io/text-file.ts";
import { decryptPrivateKey, encryptPrivateKey } from "./encrypted-key.ts";
import { requireP256 } from "./key-type.ts";
import { SigningError, signingMessages } from "./signing-errors.ts";

export interface KeyPairFiles {
  /** `cosign.key`: the private key, encrypted with the password. */
  privateKey: string;
  /** `cosign.pub`: the public key. */
  publicKey: string;
}

export function publicKeyPem(key: KeyObject): string {
  return (key.type === "private" ? createPublicKey(key) : key).export({ format: "pem", type: "spki" }).toString();
}

/** A new ECDSA P-256 key pair, the private key sealed with the password as cosign seals it. */
export async function generateKeyPair(password: string): Promise<KeyPairFiles> {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return { privateKey: await encryptPrivateKey(privateKey, password), publicKey: publicKeyPem(privateKey) };
}

/** The text of a key file, or a SigningError saying why it cannot be read. */
export function readKeyFile(file: string): string {
  try {
    return readTextFile(file);
  } catch (err) {
    throw new SigningError(`cannot read the key ${file}: ${fileErrorReason(err)}`);
  }
}

/** The private key of a cosign key file (`cosign.key`), which must be ECDSA P-256. */
export async function readPrivateKeyFile(file: string, password: string): Promise<KeyObject> {
  return requireP256(await decryptPrivateKey(readKeyFile(file), password, file), file);
}

/** A PEM public key (text), which must be ECDSA P-256; `source` names it in messages. */
export function parsePublicKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch (err) {
    throw new SigningError(signingMessages.badPublicKey(source, (err as Error).message.split("\n")[0]));
  }
  return requireP256(key, source);
}

export function readPublicKeyFile(file: string): KeyObject {
  return parsePublicKey(readKeyFile(file), file);
}
