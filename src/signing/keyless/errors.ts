// Every failure of keyless signing or verification is a KeylessError whose message is one
// sentence naming what is wrong; the wording lives here so it stays consistent and testable.

import { SigningError } from "../signing-errors.ts";

export class KeylessError extends SigningError {}

/** Why a file could not be read, without the `cannot read <path>: ` that io/text-file.ts puts first. */
export function readFailure(err: unknown, path: string): string {
  const message = (err as Error).message;
  const prefix = `cannot read ${path}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

export const keylessMessages = {
  trustRootUnreadable: (source: string, why: string) => `cannot read the Sigstore trusted root ${source}: ${why}`,
  trustRootMissing: (source: string, what: string) =>
    `the Sigstore trusted root ${source} has no ${what}, so it cannot verify a keyless signature`,
  noCertificate: "the signature carries no certificate (annotation dev.sigstore.cosign/certificate): it is not a keyless signature",
  noBundle:
    "the keyless signature carries no Rekor bundle (annotation dev.sigstore.cosign/bundle): without its transparency-log entry the certificate cannot be trusted",
  noSignature: "the signature layer has no signature (annotation dev.cosignproject.cosign/signature)",
  malformedBundle: (why: string) => `the Rekor bundle of the signature is malformed: ${why}`,
  malformedCertificate: (why: string) => `the certificate of the signature cannot be read: ${why}`,
  noIssuer: "keyless signature rejected: its certificate names no OIDC issuer (extension 1.3.6.1.4.1.57264.1.1 or .8)",
  rejected: (why: string) => `keyless signature rejected: ${why}`,
  entryForAnotherKey: "keyless signature rejected: the Rekor entry records another certificate than the signature's",
  tokenUnreadable: (path: string, why: string) => `cannot read the identity token file ${path}: ${why}`,
  tokenMalformed: (where: string) => `the identity token ${where} is not a JWT (three base64url parts separated by dots)`,
  signingFailed: (why: string) => `keyless signing failed: ${why}`,
  signedButUnverifiable: (why: string) =>
    `keyless signing produced a signature that does not verify against the trusted root, so it is not stored: ${why}`,
};
