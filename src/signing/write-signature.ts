// Appends one signature to an image's `.sig` manifest as cosign 2.x does: a simple-signing
// payload layer, through the append every cosign manifest shares (append-layer.ts).
import type { RepositoryClient } from "../oci/client.ts";
import { appendLayer, type AppendedLayer } from "./append-layer.ts";
import { SIMPLE_SIGNING_MEDIA_TYPE, signatureTag } from "./signature-tag.ts";

export interface NewSignature {
  payload: Uint8Array;
  /** The layer's annotations: at least the signature. */
  annotations: Record<string, string>;
}

export type WrittenSignature = AppendedLayer;

/** Adds the signature to the image's `.sig` manifest (made when there is none) and returns what the tag names now. */
export async function appendSignature(client: RepositoryClient, imageDigest: string, signature: NewSignature): Promise<WrittenSignature> {
  return appendLayer(client, signatureTag(imageDigest), { bytes: signature.payload, mediaType: SIMPLE_SIGNING_MEDIA_TYPE, annotations: signature.annotations });
}
