// Where cosign 2.x keeps an image's signatures, and policy-server's sigstore crate looks for
// them: an OCI image manifest tagged `sha256-<hex>.sig` in the image's repository, one layer
// per signature, each layer a simple-signing payload with the signature in an annotation.
import { DOCKER_MANIFEST_MEDIA_TYPE, OCI_MANIFEST_MEDIA_TYPE } from "../oci/media-types.ts";

export const SIMPLE_SIGNING_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
export const SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
/** A keyless signature's Fulcio certificate, its chain and its Rekor bundle. */
export const CERTIFICATE_ANNOTATION = "dev.sigstore.cosign/certificate";
export const CHAIN_ANNOTATION = "dev.sigstore.cosign/chain";
export const BUNDLE_ANNOTATION = "dev.sigstore.cosign/bundle";
/** The config cosign writes for a signature manifest. */
export const SIGNATURE_CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";

/** What a signature manifest may be read as: cosign 2.x writes OCI manifests; Docker's are read too. */
export const SIGNATURE_MANIFEST_ACCEPT = [OCI_MANIFEST_MEDIA_TYPE, DOCKER_MANIFEST_MEDIA_TYPE].join(", ");

/** `sha256:abc…` → `sha256-abc….sig`. */
export function signatureTag(imageDigest: string): string {
  return `${imageDigest.replace(":", "-")}.sig`;
}
