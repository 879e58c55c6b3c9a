// Appends one signature to an image's `.sig` manifest as cosign 2.x does (go-containerregistry's
// mutate.Append): the existing layers kept as they are, the new payload layer last, and a
// config listing every layer. Blobs go first, the manifest last, so that the tag only ever
// names a complete manifest; a registry refusing any step is an error, nothing is claimed.
import type { RepositoryClient } from "../oci/client.ts";
import { sha256Digest } from "../kubewarden/digest.ts";
import { OCI_MANIFEST_MEDIA_TYPE } from "../oci/media-types.ts";
import { signatureManifestLayers, type Descriptor } from "./read-signatures.ts";
import { SIGNATURE_CONFIG_MEDIA_TYPE, SIGNATURE_MANIFEST_ACCEPT, SIMPLE_SIGNING_MEDIA_TYPE, signatureTag } from "./signature-tag.ts";

export interface NewSignature {
  payload: Uint8Array;
  /** The layer's annotations: at least the signature. */
  annotations: Record<string, string>;
}

export interface WrittenSignature {
  tag: string;
  /** The digest of the signature manifest the tag now names. */
  manifestDigest: string;
  /** How many signatures the manifest holds, this one included. */
  count: number;
}

/** Go's zero time, which go-containerregistry writes for images it did not build from a base. */
const ZERO_TIME = "0001-01-01T00:00:00Z";

/** The config of a signature manifest, field for field as go-containerregistry marshals it. */
function signatureConfig(layers: Descriptor[]): Uint8Array {
  const config = {
    architecture: "",
    created: ZERO_TIME,
    history: layers.map(() => ({ created: ZERO_TIME })),
    os: "",
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.digest) },
    config: {},
  };
  return new TextEncoder().encode(JSON.stringify(config));
}

async function existingLayers(client: RepositoryClient, tag: string): Promise<Descriptor[]> {
  const digest = await client.taggedDigest(tag, SIGNATURE_MANIFEST_ACCEPT);
  if (digest === undefined) return [];
  return signatureManifestLayers((await client.getManifest(digest, SIGNATURE_MANIFEST_ACCEPT)).bytes, tag);
}

async function upload(client: RepositoryClient, bytes: Uint8Array): Promise<Descriptor> {
  const digest = sha256Digest(bytes);
  if (!(await client.blobExists(digest))) await client.uploadBlob(bytes, digest);
  return { digest, size: bytes.length };
}

/** Adds the signature to the image's `.sig` manifest (made when there is none) and returns what the tag names now. */
export async function appendSignature(client: RepositoryClient, imageDigest: string, signature: NewSignature): Promise<WrittenSignature> {
  const tag = signatureTag(imageDigest);
  const kept = await existingLayers(client, tag);
  const payload = await upload(client, signature.payload);
  const layers: Descriptor[] = [...kept, { mediaType: SIMPLE_SIGNING_MEDIA_TYPE, size: payload.size, digest: payload.digest, annotations: signature.annotations }];
  const configBytes = signatureConfig(layers);
  const config = await upload(client, configBytes);
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    config: { mediaType: SIGNATURE_CONFIG_MEDIA_TYPE, size: config.size, digest: config.digest },
    layers,
  };
  const manifestDigest = await client.putManifest(tag, new TextEncoder().encode(JSON.stringify(manifest)), OCI_MANIFEST_MEDIA_TYPE);
  return { tag, manifestDigest, count: layers.length };
}
