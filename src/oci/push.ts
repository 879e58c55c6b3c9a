// Pushes a policy module the way `kwctl push` does: config blob, wasm layer, OCI manifest.
// Every step is checked; only a manifest whose digest the registry confirmed is reported.
import { isWasm } from "../wasm/module-info.ts";
import { MissingMetadataError, readPolicyMetadata } from "../wasm/policy-metadata.ts";
import { buildPolicyArtifact, manifestAnnotations } from "./artifact.ts";
import { RepositoryClient, type ClientOptions } from "./client.ts";
import { RegistryError, registryMessages } from "./errors.ts";
import { OCI_MANIFEST_MEDIA_TYPE } from "./media-types.ts";
import { formatReference, parseReference, pinnedReference } from "./reference.ts";

export interface PushOptions extends ClientOptions {
  /** Push a module that has no Kubewarden metadata (it then carries no annotations). */
  force?: boolean;
  /** Names the module in error messages; "the module" by default. */
  source?: string;
  /** Refuse to move a tag that already names another manifest (a published version stays what it was). */
  keepExistingTag?: boolean;
}

export interface PushResult {
  /** `registry://host/repo@sha256:…`, immutable. */
  reference: string;
  /** The reference as requested, with its tag. */
  tagged: string;
  digest: string;
  /** Size in bytes of the wasm layer. */
  size: number;
  layerDigest: string;
  annotations: Record<string, string>;
}

function annotationsToPush(wasm: Uint8Array, what: string, force: boolean): Record<string, string> {
  if (!isWasm(wasm)) throw new RegistryError(registryMessages.notWasm(what));
  try {
    return manifestAnnotations(readPolicyMetadata(wasm).annotations);
  } catch (err) {
    if (err instanceof MissingMetadataError && force) return {};
    if (err instanceof MissingMetadataError) throw new RegistryError(registryMessages.missingMetadata(what));
    throw err;
  }
}

async function refuseMovingTag(client: RepositoryClient, tag: string, digest: string, shown: string): Promise<void> {
  const existing = await client.taggedDigest(tag, OCI_MANIFEST_MEDIA_TYPE);
  if (existing !== undefined && existing !== digest) throw new RegistryError(registryMessages.tagTaken(shown, existing, digest));
}

export async function pushPolicy(wasm: Uint8Array, target: string, options: PushOptions = {}): Promise<PushResult> {
  const ref = parseReference(target);
  if (ref.digest) throw new RegistryError(registryMessages.pushToDigest(target));
  const annotations = annotationsToPush(wasm, options.source ?? "the module", options.force ?? false);
  const artifact = buildPolicyArtifact(wasm, annotations);
  const client = new RepositoryClient(ref, "pull,push", options);
  if (options.keepExistingTag) await refuseMovingTag(client, ref.tag, artifact.manifestDigest, formatReference(ref));

  for (const { bytes, descriptor } of [artifact.config, artifact.layer]) {
    if (!(await client.blobExists(descriptor.digest))) await client.uploadBlob(bytes, descriptor.digest);
  }
  const digest = await client.putManifest(ref.tag, artifact.manifestBytes, OCI_MANIFEST_MEDIA_TYPE);
  return {
    reference: pinnedReference(ref, digest),
    tagged: formatReference(ref),
    digest,
    size: wasm.length,
    layerDigest: artifact.layer.descriptor.digest,
    annotations,
  };
}
