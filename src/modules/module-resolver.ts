// Finds the module a policy manifest names and compiles each distinct module once per run.
// The location is read by src/modules/location.ts and fetched by src/modules/fetch-module.ts
// (registry pulls kept by digest); a suite or the command line may map a manifest's location
// to another (`modules:`, `check --module`), where a bare name is a policy of this project.
// A module the project builds is rebuilt first when it is older than its sources. http(s)://
// modules are not downloaded here: a suite's verdicts should not hang on a URL's content,
// which no digest pins, so such a location must be mapped. Locations are redacted in
// messages: one may be a URL with credentials.
import { existsSync } from "node:fs";
import { PolicyModule } from "../host/policy-module.ts";
import { redact } from "../io/redact.ts";
import { findProject } from "../project/project.ts";
import { ensureCurrentModule } from "./current-module.ts";
import { fetchModule } from "./fetch-module.ts";
import { parseModuleLocation, type ModuleLocation } from "./location.ts";
import type { ModuleVerification } from "./module-verification.ts";

/** What a run of several suites shares when it fetches their modules: compiled modules, its log, how registries are reached and verified. */
export type SuiteModuleOptions = Pick<ModuleResolverOptions, "compiledModules" | "log" | "verification" | "insecure" | "caFile" | "maxModuleBytes">;

export interface ModuleResolverOptions {
  /** Manifest module location → a project policy name, a .wasm path, file:// or registry://. */
  aliases?: Record<string, string>;
  /** Where relative paths in `aliases` are read from, and those of manifests not read from a file. */
  baseDir?: string;
  distDir?: string;
  /** Where pulled modules are kept, by digest; WARDENKIT_CACHE_DIR or ~/.cache/wardenkit/modules. */
  cacheDir?: string;
  insecure?: boolean;
  /** A CA bundle the registry's HTTPS certificate is checked against. */
  caFile?: string;
  /** The largest module pulled, in bytes (DEFAULT_MAX_MODULE_BYTES by default). */
  maxModuleBytes?: number;
  /** Registry modules must satisfy it (--verification-config). */
  verification?: ModuleVerification;
  /** Compiled modules by digest, shared by every suite and case file of one run. */
  compiledModules?: CompiledModules;
  /** Where notes go, such as a stale project module being rebuilt (stderr by default). */
  log?: (line: string) => void;
}

/** A module a manifest names that cannot be found, fetched or compiled; the message names the manifest. */
export class ModuleLoadError extends Error {
  constructor(
    message: string,
    /** The manifest's module location (redacted), and whether `aliases` mapped it elsewhere. */
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

  /**
   * The module for a manifest's `module` field; `where` names the manifest for messages.
   * `manifestDir`, the folder of the manifest's file, is where its relative locations are read
   * from (as `apply` reads them); a mapped location is read from where the mapping is written.
   */
  load(location: string, where: string, manifestDir?: string): Promise<PolicyModule> {
    const target = this.options.aliases?.[location] ?? location;
    const mapped = target !== location;
    const named = `${where}: module ${location}${mapped ? ` (mapped to ${target})` : ""}`;
    const about = { name: redact(location), mapped };
    let found: ModuleLocation;
    try {
      found = this.locate(target, mapped, manifestDir);
    } catch (err) {
      return Promise.reject(new ModuleLoadError(redact(`${named}: ${(err as Error).message}`), about));
    }
    const key = found.kind === "file" ? found.path : found.kind === "url" ? found.url : found.reference;
    let loading = this.byLocation.get(key);
    if (!loading) {
      loading = this.fetch(found, target).then((bytes) => this.compile(bytes, target), (err: Error) => {
        throw new ModuleLoadError(redact(`${named}: ${err.message}`), about);
      });
      this.byLocation.set(key, loading);
    }
    return loading.catch((err: Error) => {
      throw err instanceof ModuleLoadError ? err : new ModuleLoadError(redact(`${where}: module ${location}: ${err.message}`), about);
    });
  }

  private compile(bytes: Uint8Array, name: string): Promise<PolicyModule> {
    return compileOnce(bytes, name, this.byDigest);
  }

  private locate(target: string, mapped: boolean, manifestDir: string | undefined): ModuleLocation {
    const baseDir = this.options.baseDir ?? process.cwd();
    const projectDist = mapped ? () => this.options.distDir ?? findProject(baseDir).folders.dist : undefined;
    return parseModuleLocation(target, { baseDir: mapped ? baseDir : manifestDir ?? baseDir, projectDist });
  }

  private async fetch(location: ModuleLocation, target: string): Promise<Uint8Array> {
    if (location.kind === "url") {
      const scheme = target.slice(0, target.indexOf(":")).toLowerCase();
      throw new Error(`${scheme}:// modules are not fetched here; map it to a local module in the suite's modules: (or check --module ${target}=<policy or file>)`);
    }
    if (location.kind === "file") await ensureCurrentModule(location.path, { log: this.options.log });
    if (location.kind === "file" && location.policy && !existsSync(location.path)) throw new Error(`${location.path} not found; run npm run build`);
    return fetchModule(location, { registry: { insecure: this.options.insecure, caFile: this.options.caFile, maxModuleBytes: this.options.maxModuleBytes }, cacheDir: this.options.cacheDir, verification: this.options.verification });
  }
}
