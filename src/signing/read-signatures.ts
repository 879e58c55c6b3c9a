// Reads the signatures of an image as policy-server's sigstore crate (0.13) does: every layer
// of the `.sig` manifest that is a simple-signing payload, matches its descriptor, names the
// image's digest and carries a signature annotation is a signature; any other layer is
// skipped, with the reason kept for the message that follows when nothing verifies.
import type { RepositoryClient } from "../oci/client.ts";
import { parseSimpleSigning, type SimpleSigning } from "./simple-signing.ts";
import { SigningError, signingMessages } from "./signing-errors.ts";
import { SIGNATURE_ANNOTATION, SIGNATURE_MANIFEST_ACCEPT, SIMPLE_SIGNING_MEDIA_TYPE, signatureTag } from "./signature-tag.ts";

/** One signature of an image, as its layer holds it. */
export interface ImageSignature {
  /** The digest of the payload layer. */
  layerDigest: string;
  /** The signed bytes, exactly as stored. */
  payload: Uint8Array;
  simpleSigning: SimpleSigning;
  /** Base64 of the DER signature over the payload. */
  signature: string;
  /** The layer's annotations: the signature, and for keyless signatures the certificate, chain and bundle. */
  annotations: Record<string, string>;
}

export interface ImageSignatures {
  tag: string;
  /** The digest of the signature manifest the tag names; undefined when there is none. */
  manifestDigest?: string;
  signatures: ImageSignature[];
  /** Why each other layer was not taken as a signature. */
  skipped: string[];
}

/** More layers than this are not read: a signature manifest is a handful of layers. */
export const MAX_SIGNATURE_LAYERS = 256;

export interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  annotations?: Record<string, string>;
}

/** The layers of a signature manifest, or a SigningError for a manifest that is not one. */
export function signatureManifestLayers(bytes: Uint8Array, tag: string): Descriptor[] {
  let manifest: { layers?: unknown };
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes)) as { layers?: unknown };
  } catch {
    throw new SigningError(signingMessages.badSignatureManifest(tag, "it is not JSON"));
  }
  if (!Array.isArray(manifest?.layers)) throw new SigningError(signingMessages.badSignatureManifest(tag, "it has no layers list (an index?)"));
  if (manifest.layers.length > MAX_SIGNATURE_LAYERS) {
    throw new SigningError(signingMessages.badSignatureManifest(tag, `it has ${manifest.layers.length} layers, more than ${MAX_SIGNATURE_LAYERS}`));
  }
  return manifest.layers as Descriptor[];
}

async function readLayer(client: RepositoryClient, layer: Descriptor, imageDigest: string): Promise<ImageSignature | string> {
  const name = `layer ${layer.digest ?? "(no digest)"}`;
  if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE) return `${name} has media type ${layer.mediaType}, not ${SIMPLE_SIGNING_MEDIA_TYPE}`;
  const signature = layer.annotations?.[SIGNATURE_ANNOTATION];
  if (typeof signature !== "string") return `${name} has no ${SIGNATURE_ANNOTATION} annotation`;
  if (typeof layer.digest !== "string" || !/^sha256:[a-f0-9]{64}$/.test(layer.digest)) return `${name} has no sha256 digest`;
  const payload = await client.getSmallBlob(layer.digest);
  const simpleSigning = parseSimpleSigning(payload);
  if (typeof simpleSigning === "string") return `${name}: ${simpleSigning}`;
  if (simpleSigning.manifestDigest !== imageDigest) return `${name} signs ${simpleSigning.manifestDigest}, another image`;
  return { layerDigest: layer.digest, payload, simpleSigning, signature, annotations: { ...layer.annotations } };
}

/** The signatures stored for an image digest; none when the `.sig` tag does not exist. */
export async function readSignatures(client: RepositoryClient, imageDigest: string): Promise<ImageSignatures> {
  const tag = signatureTag(imageDigest);
  const digest = await client.taggedDigest(tag, SIGNATURE_MANIFEST_ACCEPT);
  if (digest === undefined) return { tag, signatures: [], skipped: [] };
  const manifest = await client.getManifest(digest, SIGNATURE_MANIFEST_ACCEPT);
  const signatures: ImageSignature[] = [];
  const skipped: string[] = [];
  for (const layer of signatureManifestLayers(manifest.bytes, tag)) {
    const read = await readLayer(client, layer, imageDigest);
    if (typeof read === "string") skipped.push(read);
    else signatures.push(read);
  }
  return { tag, manifestDigest: digest, signatures, skipped };
}
