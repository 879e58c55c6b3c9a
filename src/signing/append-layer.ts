// Appends one layer to a cosign manifest (`sha256-<hex>.sig` or `.att`) as cosign 2.x does
// through go-containerregistry's mutate.Append: the layers already there kept as they are,
// the new one last, and a config listing every layer. Blobs go first and the manifest last,
// so the tag only ever names a complete manifest; a registry refusing any step is an error.
import type { RepositoryClient } from "../oci/client.ts";
import { sha256Digest } from "../kubewarden/digest.ts";
import { OCI_MANIFEST_MEDIA_TYPE } from "../oci/media-types.ts";
import { signatureManifestLayers, type Descriptor } from "./read-signatures.ts";
import { SIGNATURE_CONFIG_MEDIA_TYPE, SIGNATURE_MANIFEST_ACCEPT } from "./signature-tag.ts";

export interface NewLayer {
  bytes: Uint8Array;
  mediaType: string;
  annotations: Record<string, string>;
}

export interface AppendedLayer {
  tag: string;
  /** The digest of the manifest the tag names now. */
  manifestDigest: string;
  /** How many layers it holds, this one included. */
  count: number;
}

/** Go's zero time, which go-containerregistry writes for images it did not build from a base. */
const ZERO_TIME = "0001-01-01T00:00:00Z";

/** The config of a cosign manifest, field for field as go-containerregistry marshals it. */
function cosignConfig(layers: Descriptor[]): Uint8Array {
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

/** The layers the tag's manifest holds now; none when the tag does not exist. */
export async function existingLayers(client: RepositoryClient, tag: string): Promise<Descriptor[]> {
  const digest = await client.taggedDigest(tag, SIGNATURE_MANIFEST_ACCEPT);
  if (digest === undefined) return [];
  return signatureManifestLayers((await client.getManifest(digest, SIGNATURE_MANIFEST_ACCEPT)).bytes, tag);
}

async function upload(client: RepositoryClient, bytes: Uint8Array): Promise<{ digest: string; size: number }> {
  const digest = sha256Digest(bytes);
  if (!(await client.blobExists(digest))) await client.uploadBlob(bytes, digest);
  return { digest, size: bytes.length };
}

/** Adds the layer to the tag's manifest (made when there is none) and returns what the tag names now. */
export async function appendLayer(client: RepositoryClient, tag: string, layer: NewLayer): Promise<AppendedLayer> {
  const kept = await existingLayers(client, tag);
  const blob = await upload(client, layer.bytes);
  const layers: Descriptor[] = [...kept, { mediaType: layer.mediaType, size: blob.size, digest: blob.digest, annotations: layer.annotations }];
  const config = await upload(client, cosignConfig(layers));
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    config: { mediaType: SIGNATURE_CONFIG_MEDIA_TYPE, size: config.size, digest: config.digest },
    layers,
  };
  const manifestDigest = await client.putManifest(tag, new TextEncoder().encode(JSON.stringify(manifest)), OCI_MANIFEST_MEDIA_TYPE);
  return { tag, manifestDigest, count: layers.length };
}
