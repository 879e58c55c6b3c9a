// Pulls a policy module as Kubewarden does: every layer must be a wasm layer, the first
// one is the module, and its bytes must match their descriptor and start with `\0asm`.
// The module is streamed to a file and checked as it arrives; what failed is removed.
import { randomBytes } from "node:crypto";
import { mkdtemp, open, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isWasm } from "../wasm/module-info.ts";
import type { Descriptor, ImageManifest } from "./artifact.ts";
import { RepositoryClient, type ClientOptions, type FetchedManifest } from "./client.ts";
import { DIGEST_PATTERN } from "../kubewarden/digest.ts";
import { RegistryError, registryMessages } from "./errors.ts";
import { DEFAULT_MAX_MODULE_BYTES } from "./limits.ts";
import { INDEX_MEDIA_TYPES, MANIFEST_ACCEPT, WASM_LAYER_MEDIA_TYPE } from "./media-types.ts";
import { formatReference, manifestTarget, parseReference, pinnedReference, type Reference } from "./reference.ts";

export interface PullOptions extends ClientOptions {
  /** The largest module layer pulled, in bytes; DEFAULT_MAX_MODULE_BYTES (64 MiB) by default. */
  maxModuleBytes?: number;
}

export interface PulledModule {
  /** Digest of the manifest the reference resolved to. */
  digest: string;
  /** `registry://host/repo@sha256:…` of that manifest. */
  reference: string;
  layerDigest: string;
  /** Size in bytes of the module. */
  size: number;
  manifest: ImageManifest;
}

export interface PullResult extends PulledModule {
  wasm: Uint8Array;
}

interface ManifestIndex {
  manifests?: { digest: string; mediaType?: string }[];
}

/** The wasm header: magic number and version. */
const WASM_HEADER_BYTES = 8;

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
  if (typeof first.digest !== "string" || !DIGEST_PATTERN.test(first.digest)) {
    throw new RegistryError(registryMessages.badManifest(name, "the index names its manifest without a sha256 digest"));
  }
  return parseJson<ImageManifest>(await client.getManifest(first.digest, MANIFEST_ACCEPT), name);
}

function moduleLayer(manifest: ImageManifest, name: string): Descriptor {
  const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
  if (layers.length === 0) throw new RegistryError(registryMessages.noLayers(name));
  for (const layer of layers) {
    if (layer?.mediaType !== WASM_LAYER_MEDIA_TYPE) {
      throw new RegistryError(registryMessages.wrongLayerType(String(layer?.mediaType), WASM_LAYER_MEDIA_TYPE));
    }
  }
  const [module] = layers;
  if (typeof module.digest !== "string" || !DIGEST_PATTERN.test(module.digest)) {
    throw new RegistryError(registryMessages.badManifest(name, "its module layer has no sha256 digest"));
  }
  if (!Number.isSafeInteger(module.size) || module.size < 0) {
    throw new RegistryError(registryMessages.badManifest(name, "its module layer declares no size"));
  }
  return module;
}

async function startsAsWasm(path: string): Promise<boolean> {
  const file = await open(path, "r");
  try {
    const head = new Uint8Array(WASM_HEADER_BYTES);
    const { bytesRead } = await file.read(head, 0, WASM_HEADER_BYTES, 0);
    return isWasm(head.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

/**
 * Pulls the module of `reference` into `file`: written beside it under a name of its own and
 * renamed once whole and verified, so `file` holds the complete module or is left as it was.
 */
export async function pullPolicyToFile(reference: string, file: string, options: PullOptions = {}): Promise<PulledModule> {
  const ref = parseReference(reference);
  const name = formatReference(ref);
  const client = new RepositoryClient(ref, "pull", options);
  // A manifest fetched by digest is checked against it by the client.
  const top = await client.getManifest(manifestTarget(ref), MANIFEST_ACCEPT);
  const manifest = await resolveImageManifest(client, ref, top);
  const layer = moduleLayer(manifest, name);
  const limit = options.maxModuleBytes ?? DEFAULT_MAX_MODULE_BYTES;
  if (layer.size > limit) throw new RegistryError(registryMessages.moduleTooLarge(`the module layer of ${name}`, layer.size, limit));
  const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.partial`;
  try {
    await client.getBlobToFile(layer, partial);
    if (!(await startsAsWasm(partial))) throw new RegistryError(registryMessages.notWasm(`the module layer of ${name}`));
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { digest: top.digest, reference: pinnedReference(ref, top.digest), layerDigest: layer.digest, size: layer.size, manifest };
}

/** Pulls the module of `reference` into memory (through a temporary file, removed after). */
export async function pullPolicy(reference: string, options: PullOptions = {}): Promise<PullResult> {
  const dir = await mkdtemp(join(tmpdir(), "wardenkit-pull-"));
  try {
    const file = join(dir, "module.wasm");
    const pulled = await pullPolicyToFile(reference, file, options);
    return { ...pulled, wasm: new Uint8Array(await readFile(file)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
