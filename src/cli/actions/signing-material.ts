// What signs, read once from the command line: a cosign key (--key, decrypted with its
// password) or keyless (--identity-token, with Fulcio, Rekor and the trust root), never both.
// sign, attest and publish --sign read it before anything is written; publish hands the same
// material to the image and the SBOM signers, so the key is decrypted once.
import type { KeyObject } from "node:crypto";
import type { KeylessSigningOptions } from "../../signing/keyless/sign-keyless.ts";
import { UsageError } from "../errors.ts";
import { keylessSigning } from "./keyless-args.ts";
import { signingKey } from "./signing-args.ts";

export interface SigningMaterialFlags {
  key: string | undefined;
  "password-file": string | undefined;
  "identity-token": string | undefined;
  "fulcio-url": string;
  "rekor-url": string;
  "trusted-root": string | undefined;
}

export type SigningMaterial = { key: KeyObject; keyless?: undefined } | { keyless: KeylessSigningOptions; key?: undefined };

export async function signingMaterial(flags: SigningMaterialFlags): Promise<SigningMaterial> {
  if (flags.key !== undefined && flags["identity-token"] !== undefined) throw new UsageError("give either --key <cosign.key> or --identity-token <token|@file>, not both");
  if (flags.key === undefined && flags["identity-token"] === undefined) throw new UsageError("missing --key <cosign.key> or --identity-token <token|@file> (keyless)");
  const keyless = keylessSigning(flags);
  if (keyless) return { keyless };
  return { key: await signingKey(flags.key, flags["password-file"]) };
}
