// The one kind of key wardenkit signs and verifies with: ECDSA on P-256 with SHA-256, which
// `cosign generate-key-pair` makes and policy-server verifies.
import type { KeyObject } from "node:crypto";
import { SigningError, signingMessages } from "./signing-errors.ts";

const P256 = "prime256v1";

/** "an RSA", "an ECDSA secp384r1": what a message says a key is. */
function describeKey(key: KeyObject): string {
  const type = key.asymmetricKeyType ?? "unknown";
  if (type === "ec") return `an ECDSA ${key.asymmetricKeyDetails?.namedCurve ?? "unknown-curve"}`;
  const names: Record<string, string> = { rsa: "an RSA", "rsa-pss": "an RSA-PSS", ed25519: "an Ed25519", ed448: "an Ed448", dsa: "a DSA" };
  return names[type] ?? `a ${type}`;
}

/** The key itself when it is ECDSA P-256, else a SigningError naming what it is. */
export function requireP256(key: KeyObject, source: string): KeyObject {
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== P256) {
    throw new SigningError(signingMessages.wrongKeyType(source, describeKey(key)));
  }
  return key;
}

/** The algorithm of every signature: ECDSA over the SHA-256 of the payload, DER-encoded (what Go's ecdsa.SignASN1 gives). */
export const SIGNATURE_HASH = "sha256";
