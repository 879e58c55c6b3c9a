// The OCI image manifest of a Kubewarden policy: config `{}` plus one raw wasm layer,
// annotated with the module's single-line metadata annotations.
import { sha256Digest } from "../kubewarden/digest.ts";
import { OCI_MANIFEST_MEDIA_TYPE, WASM_CONFIG_MEDIA_TYPE, WASM_LAYER_MEDIA_TYPE } from "./media-types.ts";

export const POLICY_SOURCE_ANNOTATION = "io.kubewarden.policy.source";
export const OCI_SOURCE_ANNOTATION = "org.opencontainers.image.source";

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface Blob {
  descriptor: Descriptor;
  bytes: Uint8Array;
}

export interface PolicyArtifact {
  config: Blob;
  layer: Blob;
  manifest: ImageManifest;
  /** The exact bytes pushed; their sha256 is the manifest digest. */
  manifestBytes: Uint8Array;
  manifestDigest: string;
}

export const EMPTY_CONFIG = new TextEncoder().encode("{}");

function blob(bytes: Uint8Array, mediaType: string): Blob {
  return { bytes, descriptor: { mediaType, digest: sha256Digest(bytes), size: bytes.length } };
}

/**
 * Multi-line values (such as the usage text) are dropped, the rest trimmed; the policy's
 * source also becomes the standard OCI source annotation unless that is already set.
 */
export function manifestAnnotations(metadataAnnotations: Record<string, string> = {}): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadataAnnotations)) {
    if (typeof value === "string" && !value.trim().includes("\n")) result[key] = value.trim();
  }
  const source = result[POLICY_SOURCE_ANNOTATION];
  if (source && !(OCI_SOURCE_ANNOTATION in result)) result[OCI_SOURCE_ANNOTATION] = source;
  return result;
}

export function buildPolicyArtifact(wasm: Uint8Array, annotations: Record<string, string>): PolicyArtifact {
  const config = blob(EMPTY_CONFIG, WASM_CONFIG_MEDIA_TYPE);
  const layer = blob(wasm, WASM_LAYER_MEDIA_TYPE);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    config: config.descriptor,
    layers: [layer.descriptor],
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  return { config, layer, manifest, manifestBytes, manifestDigest: sha256Digest(manifestBytes) };
}
