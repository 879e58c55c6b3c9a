// Pulls a policy module as Kubewarden does: every layer must be a wasm layer, the first
// one is the module, and its bytes must match their digest and start with `\0asm`.
import { isWasm } from "../wasm/module-info.ts";
import type { ImageManifest } from "./artifact.ts";
import { RepositoryClient, type ClientOptions, type FetchedManifest } from "./client.ts";
import { RegistryError, registryMessages } from "./errors.ts";
import { INDEX_MEDIA_TYPES, MANIFEST_ACCEPT, WASM_LAYER_MEDIA_TYPE } from "./media-types.ts";
import { formatReference, manifestTarget, parseReference, pinnedReference, type Reference } from "./reference.ts";

export interface PullResult {
  wasm: Uint8Array;
  /** Digest of the manifest the reference resolved to. */
  digest: string;
  /** `registry://host/repo@sha256:…` of that manifest. */
  reference: string;
  layerDigest: string;
  manifest: ImageManifest;
}

interface ManifestIndex {
  manifests?: { digest: string; mediaType?: string }[];
}

function parseJson<T>(fetched: FetchedManifest, reference: string): T {
  try {
    return JSON.parse(new TextDecoder().decode(fetched.bytes)) as T;
  } catch {
    throw new RegistryError(registryMessages.badManifest(reference, "it is not JSON"));
  }
}

/** Resolves an index (multi-platform list) to its first manifest; wasm has one platform. */
async function resolveImageManifest(client: RepositoryClient, ref: Reference, top: FetchedManifest): Promise<ImageManifest> {
  const name = formatReference(ref);
  const parsed = parseJson<ImageManifest & ManifestIndex>(top, name);
  if (!INDEX_MEDIA_TYPES.includes(top.mediaType) && !parsed.manifests) return parsed;
  const [first] = parsed.manifests ?? [];
  if (!first) throw new RegistryError(registryMessages.badManifest(name, "the index lists no manifests"));
  return parseJson<ImageManifest>(await client.getManifest(first.digest, MANIFEST_ACCEPT), name);
}

function moduleLayer(manifest: ImageManifest, name: string): string {
  const layers = manifest.layers ?? [];
  if (layers.length === 0) throw new RegistryError(registryMessages.noLayers(name));
  for (const layer of layers) {
    if (layer.mediaType !== WASM_LAYER_MEDIA_TYPE) {
      throw new RegistryError(registryMessages.wrongLayerType(layer.mediaType, WASM_LAYER_MEDIA_TYPE));
    }
  }
  return layers[0].digest;
}

export async function pullPolicy(reference: string, options: ClientOptions = {}): Promise<PullResult> {
  const ref = parseReference(reference);
  const name = formatReference(ref);
  const client = new RepositoryClient(ref, "pull", options);
  const top = await client.getManifest(manifestTarget(ref), MANIFEST_ACCEPT);
  if (ref.digest && top.digest !== ref.digest) {
    throw new RegistryError(registryMessages.digestMismatch(`manifest of ${name}`, ref.digest, top.digest));
  }
  const manifest = await resolveImageManifest(client, ref, top);
  const layerDigest = moduleLayer(manifest, name);
  const wasm = await client.getBlob(layerDigest);
  if (!isWasm(wasm)) throw new RegistryError(registryMessages.notWasm(`the module layer of ${name}`));
  return { wasm, digest: top.digest, reference: pinnedReference(ref, top.digest), layerDigest, manifest };
}
