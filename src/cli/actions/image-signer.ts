// How sign and publish --sign sign an image: with the cosign key or keyless, as the signing
// material (signing-material.ts), read before the first image is touched, says.
import type { ClientOptions } from "../../oci/client.ts";
import type { VerifiedKeylessIdentity } from "../../signing/keyless/certificate-identity.ts";
import { signImageKeyless } from "../../signing/keyless/sign-image-keyless.ts";
import { signImage, type SignedImage } from "../../signing/sign-image.ts";
import type { SigningMaterial } from "./signing-material.ts";

export type ImageSigner = (reference: string) => Promise<SignedImage & { identity?: VerifiedKeylessIdentity }>;

export function imageSigner(material: SigningMaterial, annotations: Record<string, string>, registry: ClientOptions): ImageSigner {
  const { key, keyless } = material;
  if (keyless) return (reference) => signImageKeyless(reference, { ...registry, ...keyless, annotations });
  return (reference) => signImage(reference, key, { ...registry, annotations });
}

/** What a signing did, in one line. */
export function signedText(signed: Awaited<ReturnType<ImageSigner>>): string {
  if (signed.alreadySigned) return `${signed.reference}: already signed by this key, nothing added`;
  const who = signed.identity ? ` keyless as ${signed.identity.subject} (issuer ${signed.identity.issuer})` : "";
  return `${signed.reference}: signed${who}; signature ${signed.signatures} in ${signed.signatureTag}`;
}
