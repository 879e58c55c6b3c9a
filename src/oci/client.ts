// A distribution-spec client bound to one repository: blobs and manifests, with the
// authentication retry in one place. Bodies sent are buffers, so a request can be replayed;
// bodies received are bounded: manifests by MAX_MANIFEST_BYTES, blobs by their descriptor.
import { announcedLength, readAtMost } from "../io/bounded-body.ts";
import { Authorizer } from "./auth.ts";
import { writeBlobFile, type ExpectedBlob } from "./blob-file.ts";
import { resolveCredentials, type Credentials } from "./credentials.ts";
import { sha256Digest } from "../kubewarden/digest.ts";
import { RegistryError, registryMessages } from "./errors.ts";
import { MAX_MANIFEST_BYTES } from "./limits.ts";
import type { Reference } from "./reference.ts";
import { networkReason, registryBaseUrl, send, type TransportOptions } from "./transport.ts";

export interface ClientOptions extends TransportOptions {
  /** Overrides the environment and the Docker config file. */
  credentials?: Credentials;
  /** Where WARDENKIT_REGISTRY_* and DOCKER_CONFIG are read; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export type Access = "pull" | "pull,push";

export interface FetchedManifest {
  bytes: Uint8Array;
  mediaType: string;
  digest: string;
}

/** fetch's types accept only ArrayBuffer-backed views; ours always are. */
const asBody = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

const HTTP = { OK: 200, CREATED: 201, ACCEPTED: 202, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/** The first `errors[].code` and `message` of a registry error body, if any. */
async function registryErrorOf(response: Response): Promise<{ code: string; message: string }> {
  const text = await response.text().catch(() => "");
  try {
    const [first] = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
    return { code: first?.code ?? "", message: first?.message ?? "" };
  } catch {
    return { code: "", message: text.trim().split("\n")[0].slice(0, 200) };
  }
}

export class RepositoryClient {
  readonly registry: string;
  readonly repository: string;
  private readonly base: string;
  private readonly authorizer: Authorizer;
  private readonly transport: TransportOptions;

  constructor(ref: Pick<Reference, "registry" | "repository">, access: Access, options: ClientOptions = {}) {
    this.registry = ref.registry;
    this.repository = ref.repository;
    this.transport = { insecure: options.insecure, caFile: options.caFile, signal: options.signal };
    this.base = `${registryBaseUrl(ref.registry, this.transport)}/v2/${ref.repository}`;
    const lookup = async () => (options.credentials ? { credentials: options.credentials } : resolveCredentials(ref.registry, options.env));
    this.authorizer = new Authorizer(ref.registry, lookup, `repository:${ref.repository}:${access}`, this.transport);
  }

  /** Sends a request, answering one authentication challenge; 401 and 403 become errors. */
  private async request(urlOrPath: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(urlOrPath, `${this.base}/`).href;
    const attempt = () => {
      const headers = new Headers(init.headers);
      if (this.authorizer.header) headers.set("authorization", this.authorizer.header);
      return send(this.registry, url, { ...init, headers }, this.transport);
    };
    let response = await attempt();
    if (response.status === HTTP.UNAUTHORIZED) {
      await response.body?.cancel();
      if (await this.authorizer.answer(response.headers.get("www-authenticate"))) response = await attempt();
    }
    if (response.status === HTTP.UNAUTHORIZED) {
      await response.body?.cancel();
      const challenged = this.authorizer.realm || this.registry;
      throw new RegistryError(registryMessages.unauthorized(this.registry, challenged, this.authorizer.username, this.authorizer.credentialProblem));
    }
    if (response.status === HTTP.FORBIDDEN) {
      await response.body?.cancel();
      throw new RegistryError(registryMessages.forbidden(this.registry, this.repository, this.authorizer.username));
    }
    return response;
  }

  private async fail(action: string, response: Response): Promise<never> {
    const { code, message } = await registryErrorOf(response);
    if (response.status === HTTP.NOT_FOUND) {
      const what = code === "NAME_UNKNOWN" ? `repository ${this.repository}` : `${action} in repository ${this.repository}`;
      throw new RegistryError(registryMessages.notFound(what, this.registry));
    }
    throw new RegistryError(registryMessages.unexpectedStatus(action, this.registry, response.status, message));
  }

  /** Registries often answer MANIFEST_UNKNOWN for unknown repositories too; the tag list tells. */
  private async failMissingManifest(target: string, response: Response): Promise<never> {
    await response.body?.cancel();
    const tags = await this.request(`${this.base}/tags/list?n=1`);
    await tags.body?.cancel();
    const what = tags.status === HTTP.NOT_FOUND
      ? `repository ${this.repository}`
      : `${target.startsWith("sha256:") ? "manifest" : "tag"} ${target} of repository ${this.repository}`;
    throw new RegistryError(registryMessages.notFound(what, this.registry));
  }

  /** The digest a tag names now, or undefined when the tag (or the repository) does not exist. */
  async taggedDigest(tag: string, accept: string): Promise<string | undefined> {
    const response = await this.request(`${this.base}/manifests/${tag}`, { method: "HEAD", headers: { accept } });
    if (response.status === HTTP.NOT_FOUND) return undefined;
    if (response.status !== HTTP.OK) return this.fail(`checking tag ${tag}`, response);
    return response.headers.get("docker-content-digest") ?? (await this.getManifest(tag, accept)).digest;
  }

  async blobExists(digest: string): Promise<boolean> {
    const response = await this.request(`${this.base}/blobs/${digest}`, { method: "HEAD" });
    if (response.status === HTTP.OK) return true;
    if (response.status === HTTP.NOT_FOUND) return false;
    return this.fail(`checking blob ${digest}`, response);
  }

  /** Monolithic upload: POST opens an upload session, one PUT with the digest completes it. */
  async uploadBlob(bytes: Uint8Array, digest: string): Promise<void> {
    const starting = `starting the upload of ${digest}`;
    const opened = await this.request(`${this.base}/blobs/uploads/`, { method: "POST", headers: { "content-length": "0" } });
    if (opened.status !== HTTP.ACCEPTED) return this.fail(starting, opened);
    await opened.body?.cancel();
    const location = opened.headers.get("location");
    if (!location) {
      throw new RegistryError(registryMessages.unexpectedStatus(starting, this.registry, opened.status, "no Location header"));
    }
    const target = new URL(location, `${this.base}/`);
    target.searchParams.set("digest", digest);
    const done = await this.request(target.href, {
      method: "PUT",
      headers: { "content-type": "application/octet-stream", "content-length": String(bytes.length) },
      body: asBody(bytes),
    });
    if (done.status !== HTTP.CREATED) return this.fail(`uploading blob ${digest}`, done);
    await done.body?.cancel();
    const stored = done.headers.get("docker-content-digest");
    if (stored && stored !== digest) throw new RegistryError(registryMessages.digestMismatch("uploaded blob", digest, stored));
  }

  /**
   * Stores a manifest under a tag and returns its digest once the registry confirmed it:
   * through Docker-Content-Digest, or, for registries that omit it, a HEAD by digest.
   */
  async putManifest(tag: string, bytes: Uint8Array, mediaType: string): Promise<string> {
    const expected = sha256Digest(bytes);
    const response = await this.request(`${this.base}/manifests/${tag}`, {
      method: "PUT",
      headers: { "content-type": mediaType },
      body: asBody(bytes),
    });
    if (response.status !== HTTP.CREATED) return this.fail(`storing the manifest for tag ${tag}`, response);
    await response.body?.cancel();
    const stored = response.headers.get("docker-content-digest");
    if (stored && stored !== expected) throw new RegistryError(registryMessages.digestMismatch("the pushed manifest", expected, stored));
    if (!stored) {
      const check = await this.request(`${this.base}/manifests/${expected}`, { method: "HEAD", headers: { accept: mediaType } });
      if (check.status !== HTTP.OK) return this.fail(`confirming the pushed manifest ${expected}`, check);
    }
    return expected;
  }

  /** A manifest by tag or digest; one fetched by digest must have that digest. */
  async getManifest(target: string, accept: string): Promise<FetchedManifest> {
    const response = await this.request(`${this.base}/manifests/${target}`, { headers: { accept } });
    if (response.status === HTTP.NOT_FOUND) await this.failMissingManifest(target, response);
    if (response.status !== HTTP.OK) return this.fail(`manifest ${target}`, response);
    const what = `manifest ${target} of repository ${this.repository} on registry ${this.registry}`;
    const bytes = await readAtMost(response, MAX_MANIFEST_BYTES).catch((err: unknown) => {
      throw new RegistryError(registryMessages.cutOff(what, networkReason(err)));
    });
    if (!bytes) {
      const announced = announcedLength(response);
      throw new RegistryError(registryMessages.manifestTooLarge(what, MAX_MANIFEST_BYTES, announced !== undefined && announced > MAX_MANIFEST_BYTES ? announced : undefined));
    }
    const digest = sha256Digest(bytes);
    const claimed = response.headers.get("docker-content-digest");
    if (claimed && claimed !== digest) {
      throw new RegistryError(registryMessages.digestMismatch(`manifest ${target}`, claimed, digest));
    }
    if (target.startsWith("sha256:") && target !== digest) {
      throw new RegistryError(registryMessages.digestMismatch(`manifest ${target}`, target, digest));
    }
    const mediaType = (response.headers.get("content-type") ?? "").split(";")[0].trim();
    return { bytes, mediaType, digest };
  }

  /** A small blob (a config) in memory, bounded as a manifest is and checked against its digest. */
  async getSmallBlob(digest: string): Promise<Uint8Array> {
    const response = await this.request(`${this.base}/blobs/${digest}`);
    if (response.status !== HTTP.OK) return this.fail(`blob ${digest}`, response);
    const what = `blob ${digest} of repository ${this.repository} on registry ${this.registry}`;
    const bytes = await readAtMost(response, MAX_MANIFEST_BYTES).catch((err: unknown) => {
      throw new RegistryError(registryMessages.cutOff(what, networkReason(err)));
    });
    if (!bytes) throw new RegistryError(registryMessages.manifestTooLarge(what, MAX_MANIFEST_BYTES, undefined));
    const actual = sha256Digest(bytes);
    if (actual !== digest) throw new RegistryError(registryMessages.digestMismatch(`blob ${digest}`, digest, actual));
    return bytes;
  }

  /** Downloads a blob into `path` (which must not exist), checking it against its descriptor as it arrives. */
  async getBlobToFile(blob: ExpectedBlob, path: string): Promise<void> {
    const response = await this.request(`${this.base}/blobs/${blob.digest}`);
    if (response.status !== HTTP.OK) return this.fail(`blob ${blob.digest}`, response);
    await writeBlobFile(response, path, blob, `blob ${blob.digest} of repository ${this.repository}`);
  }
}
