// Registry references: `[registry://]host[:port]/repo[/more][:tag][@sha256:…]`.
// The first path component is always the registry host; the tag defaults to `latest`.
import { redact, referenceUserinfo } from "../io/redact.ts";
import { DIGEST_PATTERN } from "../kubewarden/digest.ts";

export const REGISTRY_SCHEME = "registry://";
export const DEFAULT_TAG = "latest";

export interface Reference {
  /** `host` or `host:port`, as written (IPv6 hosts keep their brackets). */
  registry: string;
  repository: string;
  tag: string;
  digest?: string;
}

const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?)(?::\d{1,5})?$/;
const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

export class InvalidReferenceError extends Error {}

export function parseReference(text: string): Reference {
  const bare = text.startsWith(REGISTRY_SCHEME) ? text.slice(REGISTRY_SCHEME.length) : text;
  const invalid = (why: string) => new InvalidReferenceError(`invalid registry reference '${redact(text)}': ${why}`);
  if (referenceUserinfo(bare)) {
    throw invalid("credentials do not belong in a reference; set WARDENKIT_REGISTRY_USER and WARDENKIT_REGISTRY_PASSWORD or use docker login");
  }

  let rest = bare;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_PATTERN.test(digest)) throw invalid("the digest must be sha256: followed by 64 lowercase hex digits");
  }
  const slash = rest.indexOf("/");
  if (slash <= 0) throw invalid("expected host[:port]/repository[:tag]");
  const registry = rest.slice(0, slash);
  let path = rest.slice(slash + 1);
  if (!HOST.test(registry)) throw invalid(`'${registry}' is not a host[:port]`);

  let tag = DEFAULT_TAG;
  const colon = path.lastIndexOf(":");
  if (colon >= 0) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(`'${tag}' is not a valid tag`);
  }
  if (!path || !path.split("/").every((c) => REPO_COMPONENT.test(c))) {
    throw invalid(`'${path}' is not a repository name (lowercase letters, digits and . _ - separated by /)`);
  }
  return { registry, repository: path, tag, ...(digest ? { digest } : {}) };
}

/** The tag or digest that a manifest request names. */
export function manifestTarget(ref: Reference): string {
  return ref.digest ?? ref.tag;
}

export function formatReference(ref: Reference): string {
  const base = `${REGISTRY_SCHEME}${ref.registry}/${ref.repository}`;
  return ref.digest ? `${base}@${ref.digest}` : `${base}:${ref.tag}`;
}

/** The immutable form `registry://host/repo@sha256:…` that push reports. */
export function pinnedReference(ref: Reference, digest: string): string {
  return `${REGISTRY_SCHEME}${ref.registry}/${ref.repository}@${digest}`;
}
