// Finds the module a policy manifest names and compiles each distinct module once per run:
// a policy of this project (dist/<name>.wasm), a file:// path, or a registry:// reference
// pulled with wardenkit's OCI client and kept in a cache folder by digest. A suite or the
// command line may map a manifest's module location to any of these (`modules:`).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PolicyModule } from "../host/policy-module.ts";
import { parseReference } from "../oci/reference.ts";
import { findProject } from "../project/project.ts";
import { ensureCurrentModule } from "./current-module.ts";

export interface ModuleResolverOptions {
  /** Manifest module location → a project policy name, a .wasm path, file:// or registry://. */
  aliases?: Record<string, string>;
  /** Where relative paths in `aliases` are read from. */
  baseDir?: string;
  distDir?: string;
  /** Where pulled modules are kept, by digest; WARDENKIT_CACHE_DIR or ~/.cache/wardenkit/modules. */
  cacheDir?: string;
  insecure?: boolean;
  /** A CA bundle the registry's HTTPS certificate is checked against. */
  caFile?: string;
  /** Compiled modules by digest, shared by every suite and case file of one run. */
  compiledModules?: CompiledModules;
  /** Where notes go, such as a stale project module being rebuilt (stderr by default). */
  log?: (line: string) => void;
}

/** A module a manifest names that cannot be found, fetched or compiled; the message names the manifest. */
export class ModuleLoadError extends Error {
  constructor(
    message: string,
    /** The manifest's module location, and whether `aliases` mapped it elsewhere. */
    readonly location?: { name: string; mapped: boolean },
  ) {
    super(message);
  }
}

export type CompiledModules = Map<string, Promise<PolicyModule>>;

/** Compiles bytes unless a module with the same digest already was. */
export function compileOnce(bytes: Uint8Array, name: string, compiled: CompiledModules): Promise<PolicyModule> {
  const digest = PolicyModule.digestOf(bytes);
  let compiling = compiled.get(digest);
  if (!compiling) compiled.set(digest, (compiling = PolicyModule.fromBytes(bytes, name)));
  return compiling;
}

export function defaultCacheDir(env = process.env): string {
  return env.WARDENKIT_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "wardenkit", "modules");
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

export class ModuleResolver {
  private readonly byLocation = new Map<string, Promise<PolicyModule>>();
  private readonly byDigest: CompiledModules;

  constructor(private readonly options: ModuleResolverOptions = {}) {
    this.byDigest = options.compiledModules ?? new Map();
  }

  /** How many distinct modules this resolver (or the run it shares them with) compiled. */
  get compiled(): number {
    return this.byDigest.size;
  }

  /** The module for a manifest's `module` field; `where` names the manifest for messages. */
  load(location: string, where: string): Promise<PolicyModule> {
    const target = this.options.aliases?.[location] ?? location;
    let loading = this.byLocation.get(target);
    if (!loading) {
      loading = this.fetch(target, location !== target).then((bytes) => this.compile(bytes, target), (err: Error) => {
        throw new ModuleLoadError(`${where}: module ${location}${target !== location ? ` (mapped to ${target})` : ""}: ${err.message}`, { name: location, mapped: target !== location });
      });
      this.byLocation.set(target, loading);
    }
    return loading.catch((err: Error) => {
      throw err instanceof ModuleLoadError ? err : new ModuleLoadError(`${where}: module ${location}: ${err.message}`, { name: location, mapped: target !== location });
    });
  }

  private compile(bytes: Uint8Array, name: string): Promise<PolicyModule> {
    return compileOnce(bytes, name, this.byDigest);
  }

  private async fetch(target: string, mapped: boolean): Promise<Uint8Array> {
    const scheme = SCHEME.exec(target)?.[1]?.toLowerCase();
    if (scheme === "file") return readModule(fileURLToPath(target.replace(/^file:\/\/(?!\/)/, `file://${this.baseDir()}/`)));
    if (scheme === "registry") return this.pull(target);
    if (scheme) throw new Error(`${scheme}:// modules are not fetched here; map it to a local module in the suite's modules: (or check --module ${target}=<policy or file>)`);
    if (target.endsWith(".wasm")) {
      const path = isAbsolute(target) ? target : resolve(this.baseDir(), target);
      await ensureCurrentModule(path, { log: this.options.log });
      return readModule(path);
    }
    if (mapped && !target.includes("/")) {
      const built = join(this.options.distDir ?? findProject(this.baseDir()).folders.dist, `${target}.wasm`);
      await ensureCurrentModule(built, { log: this.options.log });
      if (!existsSync(built)) throw new Error(`${built} not found; run npm run build`);
      return readModule(built);
    }
    return this.pull(`registry://${target}`); // no scheme means registry://, as for policy-server
  }

  private baseDir(): string {
    return this.options.baseDir ?? process.cwd();
  }

  private async pull(reference: string): Promise<Uint8Array> {
    const dir = this.options.cacheDir ?? defaultCacheDir();
    const pinned = parseReference(reference).digest;
    const cached = pinned ? join(dir, `${pinned.replace(":", "-")}.wasm`) : undefined;
    if (cached && existsSync(cached)) return readFileSync(cached);
    // Loaded only when a module comes from a registry.
    const { pullPolicy } = await import("../oci/pull.ts");
    const pulled = await pullPolicy(reference, { insecure: this.options.insecure, caFile: this.options.caFile });
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${pulled.digest.replace(":", "-")}.wasm`);
    // Written aside under a name of this process's own, then renamed: the cache is shared by
    // every run on the machine, and a reader sees the whole module or none.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.partial`;
    writeFileSync(partial, pulled.wasm);
    renameSync(partial, file);
    return pulled.wasm;
  }
}

function readModule(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
