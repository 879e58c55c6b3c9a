// Reading images in registries through Kubewarden's `oci` host capabilities:
// the host resolves the reference with policy-server's registry credentials and
// caches answers for 60 s. Every failure comes back as data, never as a trap.
import { JsonValue } from "../json/value";
import { callJson, missingField } from "./json-call";
import { jsonString } from "../json/write";

/**
 * An image's manifest digest when `ok`, else `error`, the first line of the host's message.
 *
 * @example
 * const pinned = manifestDigest("ghcr.io/kubewarden/policy-server:v1.9.0");
 * if (pinned.ok) return mutate(setPath(request.object, "spec.containers.0.image", jsonString(image + "@" + pinned.digest)));
 */
export class ManifestDigestResult {
  constructor(readonly ok: bool, readonly digest: string, readonly error: string) {}
}

/**
 * An image's manifest (or, for a multi-platform image, its index) as JSON when
 * `ok`, else `error`. `isIndex` tells the two apart by their `manifests` list.
 *
 * @example
 * const found = ociManifest("docker.io/library/busybox:1.36");
 * if (found.ok && found.isIndex) return accept().warn("busybox:1.36 has " + decimal(found.manifest.get("manifests").length) + " platforms");
 */
export class ManifestResult {
  constructor(readonly ok: bool, readonly manifest: JsonValue, readonly error: string) {}

  get isIndex(): bool {
    return this.manifest.get("manifests").isArray;
  }
}

/**
 * An image's manifest, its digest and its config (the image's `config.User`,
 * `config.Env`, ...) when `ok`, else `error`.
 *
 * @example
 * const image = ociManifestAndConfig(container.image);
 * if (image.ok && image.config.path("config.User").stringOr("") == "") return reject(container.describe() + " runs its image as root");
 */
export class ManifestAndConfigResult {
  constructor(readonly ok: bool, readonly manifest: JsonValue, readonly digest: string, readonly config: JsonValue, readonly error: string) {}
}

/**
 * Asks the registry for the digest of `image`'s manifest (`oci/v1/manifest_digest`).
 *
 * @example
 * const pinned = manifestDigest("ghcr.io/org/app:v1");
 * if (!pinned.ok) return reject("ghcr.io/org/app:v1 could not be resolved: " + pinned.error, CODE_INTERNAL_ERROR);
 */
export function manifestDigest(image: string): ManifestDigestResult {
  const answer = callJson("oci", "v1/manifest_digest", jsonString(image));
  if (!answer.ok) return new ManifestDigestResult(false, "", answer.error);
  const digest = answer.value.get("digest").asString();
  if (digest === null) return new ManifestDigestResult(false, "", missingField("v1/manifest_digest", "a digest"));
  return new ManifestDigestResult(true, digest, "");
}

/**
 * Fetches `image`'s OCI manifest or index (`oci/v1/oci_manifest`).
 *
 * @example
 * const found = ociManifest("ghcr.io/org/app:v1");
 * const layers = found.manifest.get("layers").length;
 */
export function ociManifest(image: string): ManifestResult {
  const answer = callJson("oci", "v1/oci_manifest", jsonString(image));
  if (answer.ok && !answer.value.isObject) return new ManifestResult(false, JsonValue.missing(), missingField("v1/oci_manifest", "a manifest object"));
  return new ManifestResult(answer.ok, answer.value, answer.error);
}

/**
 * Fetches `image`'s manifest, digest and config (`oci/v1/oci_manifest_config`).
 *
 * @example
 * const image = ociManifestAndConfig("ghcr.io/org/app:v1");
 * const user = image.config.path("config.User").stringOr("");
 */
export function ociManifestAndConfig(image: string): ManifestAndConfigResult {
  const operation = "v1/oci_manifest_config";
  const answer = callJson("oci", operation, jsonString(image));
  const none = JsonValue.missing();
  if (!answer.ok) return new ManifestAndConfigResult(false, none, "", none, answer.error);
  const fields = answer.value.pick(["manifest", "digest", "config"]);
  const digest = fields[1].asString();
  if (!fields[0].isObject) return new ManifestAndConfigResult(false, none, "", none, missingField(operation, "a manifest"));
  if (digest === null) return new ManifestAndConfigResult(false, none, "", none, missingField(operation, "a digest"));
  if (!fields[2].isObject) return new ManifestAndConfigResult(false, none, "", none, missingField(operation, "a config"));
  return new ManifestAndConfigResult(true, fields[0], digest, fields[2], "");
}
