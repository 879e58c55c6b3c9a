// Container image references, parsed as distribution/reference (containers/image,
// Docker) and Kubewarden's SDKs parse them, with Docker Hub's defaults.
import { PATH_LENGTH_MAX, digestError, domainError, isImageId, pathError, tagError } from "./grammar";
import { decimal } from "../format";

// @ts-ignore: decorator
@lazy const DOCKER_HUB = "docker.io";
// @ts-ignore: decorator
@lazy const DOCKER_HUB_LEGACY = "index.docker.io";
// @ts-ignore: decorator
@lazy const OFFICIAL_IMAGES = "library/";
// @ts-ignore: decorator
@lazy const DEFAULT_TAG = "latest";

/** Whether the first component of a name is a registry: it has '.' or ':', or is localhost. */
function isRegistry(component: string): bool {
  return component.includes(".") || component.includes(":") || component == "localhost";
}

/**
 * An image reference, `[registry/]path[:tag][@digest]`. `domain` and `path`
 * are normalized: no registry is Docker Hub (`docker.io`, also for
 * `index.docker.io`), and a one-component path there is an official image
 * (`library/nginx`). `tag` and `digest` are as written, null when absent.
 * An invalid reference has `ok` false and `error` naming what is wrong.
 *
 * @example
 * const image = ImageReference.parse(container.image);
 * if (!image.ok) return reject(container.describe() + ": image \"" + image.text + "\" is invalid: " + image.error!);
 * image.domain       // "docker.io" for "nginx"
 * image.path         // "library/nginx"
 * image.tag          // null: none was written
 * image.normalized() // "docker.io/library/nginx:latest"
 */
export class ImageReference {
  constructor(
    readonly text: string, readonly domain: string, readonly path: string, readonly tag: string | null,
    readonly digest: string | null, readonly error: string | null,
  ) {}

  /** Whether `text` is a valid reference. */
  get ok(): bool {
    return this.error === null;
  }

  /** `domain/path`: the repository, as registries are asked for it. */
  get name(): string {
    return this.domain + "/" + this.path;
  }

  /** The full form: `domain/path`, the tag (`latest` when neither tag nor digest was written), the digest. */
  normalized(): string {
    const tag = this.tag;
    const digest = this.digest;
    let out = this.name;
    if (tag !== null) out += ":" + tag;
    else if (digest === null) out += ":" + DEFAULT_TAG;
    if (digest !== null) out += "@" + digest;
    return out;
  }

  /** Reads `text`; an invalid reference comes back with `error` set, never a trap. */
  static parse(text: string): ImageReference {
    if (text.length == 0) return invalid(text, "the image reference is empty");
    if (isImageId(text)) return invalid(text, "\"" + text + "\" is an image ID, not a repository name");
    const at = text.indexOf("@");
    const named = at < 0 ? text : text.substring(0, at);
    const digest: string | null = at < 0 ? null : text.substring(at + 1);
    const colon = named.lastIndexOf(":");
    const hasTag = colon > named.lastIndexOf("/");
    const name = hasTag ? named.substring(0, colon) : named;
    const tag: string | null = hasTag ? named.substring(colon + 1) : null;
    if (name.length == 0) return invalid(text, "the image reference has no repository name");

    const slash = name.indexOf("/");
    const written = slash >= 0 && isRegistry(name.substring(0, slash)) ? name.substring(0, slash) : "";
    let path = written.length > 0 ? name.substring(slash + 1) : name;
    let error = written.length > 0 ? domainError(written) : null;
    if (error === null) error = pathError(path);
    if (error === null && tag !== null) error = tagError(tag);
    if (error === null && digest !== null) error = digestError(digest);
    if (error !== null) return invalid(text, error);

    const domain = written.length == 0 || written == DOCKER_HUB_LEGACY ? DOCKER_HUB : written;
    if (domain == DOCKER_HUB && !path.includes("/")) path = OFFICIAL_IMAGES + path;
    if (path.length > PATH_LENGTH_MAX) return invalid(text, "repository \"" + path + "\" is longer than " + decimal(PATH_LENGTH_MAX) + " characters");
    return new ImageReference(text, domain, path, tag, digest, null);
  }
}

function invalid(text: string, error: string): ImageReference {
  return new ImageReference(text, "", "", null, null, error);
}
