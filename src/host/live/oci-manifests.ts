// The `oci/v1/*` manifest capabilities through wardenkit's own OCI client (the
// credentials, CA bundle and 4 MiB manifest cap of pull and push), answered as
// policy-evaluator shapes them. A reference without a registry host
// (`busybox:1.36`) is Docker Hub's, as policy-evaluator reads it.
import { RepositoryClient, type ClientOptions, type FetchedManifest } from "../../oci/client.ts";
import { INDEX_MEDIA_TYPES, MANIFEST_ACCEPT } from "../../oci/media-types.ts";
import { InvalidReferenceError, manifestTarget, parseReference, type Reference } from "../../oci/reference.ts";

const DOCKER_HUB = "registry-1.docker.io";

/** Docker's normalisation: no host in the first component means Docker Hub, and a bare name is an official image. */
export function imageReference(image: string): Reference {
  const slash = image.indexOf("/");
  const first = slash < 0 ? "" : image.slice(0, slash);
  const hasHost = first.includes(".") || first.includes(":") || first === "localhost";
  if (hasHost) return parseReference(image);
  try {
    return parseReference(`${DOCKER_HUB}/${slash < 0 ? `library/${image}` : image}`);
  } catch (err) {
    if (!(err instanceof InvalidReferenceError)) throw err;
    throw new InvalidReferenceError(`${err.message} (read from '${image}', a reference without a registry host, as Docker Hub's)`);
  }
}

const decoder = new TextDecoder();

function manifestOf(image: string, options: ClientOptions): Promise<FetchedManifest> {
  const ref = imageReference(image);
  return new RepositoryClient(ref, "pull", options).getManifest(manifestTarget(ref), MANIFEST_ACCEPT);
}

function jsonOf(what: string, bytes: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // worded below
  }
  throw new Error(`${what} is not a JSON object`);
}

/** `{"digest": "sha256:…"}`: the digest of the manifest (or index) the reference names. */
export async function manifestDigest(image: string, options: ClientOptions): Promise<{ digest: string }> {
  return { digest: (await manifestOf(image, options)).digest };
}

/** The manifest or image index itself. */
export async function ociManifest(image: string, options: ClientOptions): Promise<Record<string, unknown>> {
  return jsonOf(`the manifest of ${image}`, (await manifestOf(image, options)).bytes);
}

/** `{"manifest", "digest", "config"}` of an image manifest (an index has no single config). */
export async function ociManifestConfig(image: string, options: ClientOptions): Promise<Record<string, unknown>> {
  const ref = imageReference(image);
  const client = new RepositoryClient(ref, "pull", options);
  const fetched = await client.getManifest(manifestTarget(ref), MANIFEST_ACCEPT);
  const manifest = jsonOf(`the manifest of ${image}`, fetched.bytes);
  if (INDEX_MEDIA_TYPES.includes(fetched.mediaType) || Array.isArray(manifest.manifests)) {
    throw new Error(`${image} names an image index, not an image manifest: it has no single config; name one of its manifests by digest`);
  }
  const configDigest = (manifest.config as { digest?: unknown } | undefined)?.digest;
  if (typeof configDigest !== "string") throw new Error(`the manifest of ${image} names no config blob`);
  const config = jsonOf(`the config of ${image}`, await client.getSmallBlob(configDigest));
  return { manifest, digest: fetched.digest, config };
}
