// Finds the module a policy manifest names and compiles each distinct module once per run.
// The location is read by src/modules/location.ts and fetched by src/modules/fetch-module.ts
// (registry pulls kept by digest); a suite or the command line may map a manifest's location
// to another (`modules:`, `check --module`), where a bare name is a policy of this project.
// A module the project builds is rebuilt first when it is older than its sources. http(s)://
// modules are not downloaded here: a suite's verdicts should not hang on a URL's content,
// which no digest pins, so such a location must be mapped.
import { PolicyModule } from "../host/policy-module.ts";
import { findProject } from "../project/project.ts";
import { ensureCurrentModule } from "./current-module.ts";
import { fetchModule } from "./fetch-module.ts";
import { parseModuleLocation } from "./location.ts";

export interface ModuleResolverOptions {
  /** Manifest module location → a project policy name, a .wasm path, file:// or registry://. */
  aliases?: Record<string, string>;
  /** Where relative paths in `aliases` are read from. */
  baseDir?: string;
  distDir?: string;
  /** Where pulled modules are kept, by digest; WARDENKIT_CACHE_DIR or ~/.cache/wardenkit/modules. */
  cacheDir?: string;
  insecure?: boolean;
  /** Compiled modules by digest, shared by every suite and case file of one run. */
  compiledModules?: CompiledModules;
  /** Where notes go, such as a stale project module being rebuilt (stderr by default). */
  log?: (line: string) => void;
}

/** A module a manifest names that cannot be found, fetched or compiled; the message names the manifest. */
export class ModuleLoadError extends Error {}

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

  /** The module for a manifest's `module` field; `where` names the manifest for messages. */
  load(location: string, where: string): Promise<PolicyModule> {
    const target = this.options.aliases?.[location] ?? location;
    let loading = this.byLocation.get(target);
    if (!loading) {
      loading = this.fetch(target, location !== target).then((bytes) => this.compile(bytes, target), (err: Error) => {
        throw new ModuleLoadError(`${where}: module ${location}${target !== location ? ` (mapped to ${target})` : ""}: ${err.message}`);
      });
      this.byLocation.set(target, loading);
    }
    return loading.catch((err: Error) => {
      throw err instanceof ModuleLoadError ? err : new ModuleLoadError(`${where}: module ${location}: ${err.message}`);
    });
  }

  private compile(bytes: Uint8Array, name: string): Promise<PolicyModule> {
    return compileOnce(bytes, name, this.byDigest);
  }

  private async fetch(target: string, mapped: boolean): Promise<Uint8Array> {
    const baseDir = this.options.baseDir ?? process.cwd();
    const projectDist = mapped ? () => this.options.distDir ?? findProject(baseDir).folders.dist : undefined;
    const location = parseModuleLocation(target, { baseDir, projectDist });
    if (location.kind === "url") {
      const scheme = target.slice(0, target.indexOf(":")).toLowerCase();
      throw new Error(`${scheme}:// modules are not fetched here; map it to a local module in the suite's modules: (or check --module ${target}=<policy or file>)`);
    }
    if (location.kind === "file") await ensureCurrentModule(location.path, { log: this.options.log });
    return fetchModule(location, { registry: { insecure: this.options.insecure }, cacheDir: this.options.cacheDir });
  }
}
