// How sign and publish --sign sign an image: with a cosign key (--key) or keyless
// (--identity-token), never both. Everything the signing needs (the key and its password, the
// token, the trust root) is read before the first image is touched.
import type { ClientOptions } from "../../oci/client.ts";
import type { VerifiedKeylessIdentity } from "../../signing/keyless/certificate-identity.ts";
import { signImageKeyless } from "../../signing/keyless/sign-image-keyless.ts";
import { signImage, type SignedImage } from "../../signing/sign-image.ts";
import { UsageError } from "../errors.ts";
import { keylessSigning } from "./keyless-args.ts";
import { annotationsOf, signingKey } from "./signing-args.ts";

export interface SignerFlags {
  key: string | undefined;
  "password-file": string | undefined;
  annotation: string[];
  "identity-token": string | undefined;
  "fulcio-url": string;
  "rekor-url": string;
  "trusted-root": string | undefined;
}

export type ImageSigner = (reference: string) => Promise<SignedImage & { identity?: VerifiedKeylessIdentity }>;

export async function imageSigner(flags: SignerFlags, registry: ClientOptions): Promise<ImageSigner> {
  if (flags.key !== undefined && flags["identity-token"] !== undefined) throw new UsageError("give either --key <cosign.key> or --identity-token <token|@file>, not both");
  if (flags.key === undefined && flags["identity-token"] === undefined) throw new UsageError("missing --key <cosign.key> or --identity-token <token|@file> (keyless)");
  const annotations = annotationsOf(flags.annotation);
  const keyless = keylessSigning(flags);
  if (keyless) return (reference) => signImageKeyless(reference, { ...registry, ...keyless, annotations });
  const key = await signingKey(flags.key, flags["password-file"]);
  return (reference) => signImage(reference, key, { ...registry, annotations });
}

/** What a signing did, in one line. */
export function signedText(signed: Awaited<ReturnType<ImageSigner>>): string {
  if (signed.alreadySigned) return `${signed.reference}: already signed by this key, nothing added`;
  const who = signed.identity ? ` keyless as ${signed.identity.subject} (issuer ${signed.identity.issuer})` : "";
  return `${signed.reference}: signed${who}; signature ${signed.signatures} in ${signed.signatureTag}`;
}
