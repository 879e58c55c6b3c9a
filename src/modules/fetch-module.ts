// The bytes of the module at a location (src/modules/location.ts), for every command that
// runs one: serve, apply's settings check, the policy sets of `check` and `test`, and the
// module argument of `run`, `bench`, `manifest` and `push` (src/cli/actions/module-arg.ts). A
// registry pull is kept in a cache folder by the digest of its manifest, shared by every run
// on the machine, so a reference pinned by digest is read from there without the registry;
// an http(s):// module is downloaded; a file is read, and an error names it and says why.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileErrorReason } from "../io/text-file.ts";
import { readAtMost } from "../io/bounded-body.ts";
import { redact } from "../io/redact.ts";
import { formatLimit } from "../oci/errors.ts";
import { DEFAULT_MAX_MODULE_BYTES } from "../oci/limits.ts";
import type { PullOptions } from "../oci/pull.ts";
import { networkReason } from "../oci/transport.ts";
import { parseReference } from "../oci/reference.ts";
import type { ModuleLocation } from "./location.ts";
import { unverifiableDownload, verifiedReference, type ModuleVerification } from "./module-verification.ts";

export interface FetchOptions {
  /** How registries are reached (insecure HTTP, a CA bundle, credentials) and the module size limit. */
  registry?: PullOptions;
  /** Where registry pulls are kept by digest: defaultCacheDir() unless given. */
  cacheDir?: string;
  /** Registry modules must satisfy it, and are pulled by the digest verified; downloads are refused. */
  verification?: ModuleVerification;
}

/** A module file that cannot be read; `path` and `reason` let a caller phrase it. */
export class ModuleFileError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`cannot read ${path}: ${reason}`);
  }
}

/** WARDENKIT_CACHE_DIR, or wardenkit/modules in the user's cache folder. */
export function defaultCacheDir(env = process.env): string {
  return env.WARDENKIT_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "wardenkit", "modules");
}

/** The errno code (which scripts and older messages match) and what it means, in words. */
function describeFileError(err: unknown): string {
  const { code } = err as NodeJS.ErrnoException;
  const words = fileErrorReason(err);
  return code && !words.includes(code) ? `${code} (${words})` : words;
}

async function readModuleFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new ModuleFileError(path, describeFileError(err));
  }
}

/** An http(s) module, read only up to the module size limit; the URL is redacted in every message. */
async function download(url: string, limit: number): Promise<Uint8Array> {
  const failed = (why: string) => new Error(redact(`cannot download ${url}: ${why}`));
  const response = await fetch(url).catch((err: unknown) => {
    throw failed(networkReason(err));
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw failed(`HTTP ${response.status}`);
  }
  const bytes = await readAtMost(response, limit).catch((err: unknown) => {
    throw failed(networkReason(err));
  });
  if (!bytes) throw failed(`the module is larger than the module size limit of ${formatLimit(limit)}; --max-module-size raises it`);
  return bytes;
}

const cacheFile = (dir: string, digest: string) => join(dir, `${digest.replace(":", "-")}.wasm`);

/**
 * A file of this process's own in the cache folder for a pull to land in, or undefined when
 * the folder cannot be written (a read-only home in a container): the cache only saves pulls,
 * so that does not fail the pull.
 */
async function landingFile(dir: string): Promise<string | undefined> {
  const file = join(dir, `pull.${process.pid}.${randomBytes(4).toString("hex")}.partial`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(file, "");
    return file;
  } catch {
    return undefined;
  }
}

/**
 * The module is streamed once, straight into the cache folder, and renamed to its digest's
 * name once whole and verified: runs sharing the cache see the whole module or none.
 */
async function pullKept(tagged: string, options: FetchOptions): Promise<Uint8Array> {
  // Verified before the cache is looked at or anything is written to it.
  const reference = options.verification ? await verifiedReference(tagged, options.verification, options.registry) : tagged;
  const dir = options.cacheDir ?? defaultCacheDir();
  const pinned = parseReference(reference).digest;
  if (pinned && existsSync(cacheFile(dir, pinned))) return readModuleFile(cacheFile(dir, pinned));
  // Loaded only when a module comes from a registry: the OCI client takes a while to load.
  const { pullPolicy, pullPolicyToFile } = await import("../oci/pull.ts");
  const landing = await landingFile(dir);
  if (!landing) return (await pullPolicy(reference, options.registry)).wasm;
  try {
    const pulled = await pullPolicyToFile(reference, landing, options.registry);
    const wasm = await readFile(landing);
    await rename(landing, cacheFile(dir, pulled.digest)).catch(() => {}); // kept if it can be
    return wasm;
  } finally {
    await rm(landing, { force: true }).catch(() => {});
  }
}

export function fetchModule(location: ModuleLocation, options: FetchOptions = {}): Promise<Uint8Array> {
  switch (location.kind) {
    case "file":
      return readModuleFile(location.path);
    case "url":
      if (options.verification) return Promise.reject(unverifiableDownload(location.url, options.verification));
      return download(location.url, options.registry?.maxModuleBytes ?? DEFAULT_MAX_MODULE_BYTES);
    case "registry":
      return pullKept(location.reference, options);
  }
}
