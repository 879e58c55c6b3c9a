// Signs an image in a registry keyless, as `cosign sign` with an identity token does: the
// simple-signing payload for the image's digest signed with an ephemeral key that Fulcio
// certifies, logged in Rekor, and appended to the image's `.sig` manifest with cosign's
// certificate, chain and bundle annotations. Fulcio and Rekor are asked before anything is
// written, so a refusal leaves the `.sig` tag as it was.
import { RepositoryClient, type ClientOptions } from "../../oci/client.ts";
import { parseReference, pinnedReference } from "../../oci/reference.ts";
import type { SignedImage } from "../sign-image.ts";
import { imageDigest } from "../sign-image.ts";
import { simpleSigningPayload } from "../simple-signing.ts";
import { appendSignature } from "../write-signature.ts";
import type { VerifiedKeylessIdentity } from "./certificate-identity.ts";
import { signKeyless, type KeylessSigningOptions } from "./sign-keyless.ts";

export interface SignImageKeylessOptions extends ClientOptions, KeylessSigningOptions {
  /** `-a key=value`: carried in the payload's `optional`, as cosign carries them. */
  annotations?: Record<string, string>;
}

export interface KeylesslySignedImage extends SignedImage {
  /** Who the certificate names, when the signature was verified against a trust root. */
  identity?: VerifiedKeylessIdentity;
}

export async function signImageKeyless(reference: string, options: SignImageKeylessOptions): Promise<KeylesslySignedImage> {
  const ref = parseReference(reference);
  const client = new RepositoryClient(ref, "pull,push", options);
  const digest = await imageDigest(client, reference);
  const payload = simpleSigningPayload(`${ref.registry}/${ref.repository}`, digest, options.annotations ?? {});
  const { annotations, identity } = await signKeyless(payload, options);
  const written = await appendSignature(client, digest, { payload, annotations });
  return {
    reference: pinnedReference(ref, digest),
    digest,
    signatureTag: written.tag,
    signatureManifest: written.manifestDigest,
    signatures: written.count,
    alreadySigned: false,
    ...(identity ? { identity } : {}),
  };
}
