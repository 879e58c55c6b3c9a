// A module named on the command line, read the same way by every command that takes one: a
// policy of the project (its build, dist/<name>.wasm), a .wasm file, or a registry reference
// (registry://host/repo:tag, pulled with wardenkit's OCI client). A module the project builds
// is rebuilt first when it is older than its sources, and knows its policy folder, whose
// settings.yml is what a command uses when --settings is not given (settings-arg.ts).
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { PolicyModule } from "../../host/policy-module.ts";
import { fileErrorReason } from "../../io/text-file.ts";
import { builtPolicy, ensureCurrentModule } from "../../modules/current-module.ts";
import type { ClientOptions } from "../../oci/client.ts";
import { parseReference, redactCredentials, REGISTRY_SCHEME } from "../../oci/reference.ts";
import { shownPath, type PolicySource } from "../../project/policies.ts";
import { findProject, locateProject } from "../../project/project.ts";
import { CliError } from "../errors.ts";

export type LocatedModule =
  /** `policy`: the project policy this file is the build of. */
  | { kind: "file"; path: string; policy?: PolicySource }
  | { kind: "registry"; reference: string };

export interface ModuleArg {
  /** What the module is called: its policy's name, its file's without .wasm, or its repository's last part. */
  name: string;
  /** As messages and reports show it: the path from the working directory, or the reference. */
  shown: string;
  bytes: Uint8Array;
  located: LocatedModule;
}

export interface ModuleArgOptions {
  /** How a registry reference is pulled (--insecure, --ca-file). */
  registry?: ClientOptions;
  /** Where "rebuilding…" goes: standard error, so that the result on stdout stays clean. */
  log?: (line: string) => void;
}

export interface LocateOptions {
  /** Whether a registry:// reference is taken (push takes local modules only). */
  registry?: boolean;
}

/** What a module argument may be, for messages. */
function accepted({ registry = true }: LocateOptions): string {
  return registry ? "the name of a policy of the project, a .wasm file or a registry://host/repository:tag reference" : "the name of a policy of the project or a .wasm file";
}
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;


/** A path that does not exist but reads as a registry reference written without its scheme. */
function looksLikeReference(arg: string): boolean {
  try {
    const host = parseReference(arg).registry;
    return !arg.startsWith(".") && (host.includes(".") || host.includes(":") || host === "localhost");
  } catch {
    return false;
  }
}

function locateFile(arg: string): LocatedModule {
  if (!existsSync(arg)) {
    const hint = looksLikeReference(arg) ? ` (a registry reference is written ${REGISTRY_SCHEME}${arg})` : "";
    throw new CliError(`module ${redactCredentials(arg)} not found${hint}`);
  }
  if (!statSync(arg).isFile()) throw new CliError(`module ${arg} is a directory, not a .wasm file`);
  const path = resolve(arg);
  const policy = locateProject() ? builtPolicy(path, findProject()) : null;
  return { kind: "file", path, ...(policy ? { policy } : {}) };
}

/** A bare name: the project's build of that policy. */
function locatePolicy(name: string, options: LocateOptions): LocatedModule {
  if (!locateProject()) throw new CliError(`module ${name}: no such policy, as there is no wardenkit project here; give ${accepted(options)}`);
  const project = findProject();
  const path = project.module(name);
  const source = project.policy(name);
  const isPolicy = existsSync(source.entry);
  if (existsSync(path)) return { kind: "file", path, ...(isPolicy ? { policy: source } : {}) };
  if (isPolicy) throw new CliError(`${shownPath(path)} not found: build it with \`wardenkit build ${name}\``);
  const names = project.policies.map((p) => p.name);
  throw new CliError(`no policy ${name} in ${shownPath(project.folders.policies)}/${names.length ? ` (its policies: ${names.join(", ")})` : ""}; give ${accepted(options)}`);
}

/** Where the module `arg` names lies, without reading it. */
export function locateModuleArg(arg: string, options: LocateOptions = {}): LocatedModule {
  const scheme = SCHEME.exec(arg)?.[1];
  if (scheme?.toLowerCase() === "registry" && options.registry !== false) return { kind: "registry", reference: arg };
  if (scheme) throw new CliError(`module ${redactCredentials(arg)}: ${scheme}:// modules are not read here; give ${accepted(options)}`);
  if (arg.endsWith(".wasm") || arg.includes("/")) return locateFile(arg);
  return locatePolicy(arg, options);
}

/** The bytes of the module `arg` names: a project's build brought up to date, a file read, a reference pulled. */
export async function readModuleArg(arg: string | LocatedModule, options: ModuleArgOptions = {}): Promise<ModuleArg> {
  const located = typeof arg === "string" ? locateModuleArg(arg) : arg;
  if (located.kind === "registry") {
    // Loaded only when a module comes from a registry: the OCI client takes a while to load.
    const { pullPolicy } = await import("../../oci/pull.ts");
    const pulled = await pullPolicy(located.reference, options.registry);
    const name = parseReference(located.reference).repository.split("/").at(-1)!;
    return { name, shown: shownLocation(located), bytes: pulled.wasm, located };
  }
  await ensureCurrentModule(located.path, { log: options.log });
  const bytes = await readFile(located.path).catch((err: unknown) => {
    throw new CliError(`cannot read ${shownPath(located.path)}: ${fileErrorReason(err)}`);
  });
  return { name: located.policy?.name ?? basename(located.path, ".wasm"), shown: shownLocation(located), bytes, located };
}

/** The module `arg` names, compiled. */
export async function loadModuleArg(arg: string | LocatedModule, options: ModuleArgOptions = {}): Promise<{ arg: ModuleArg; module: PolicyModule }> {
  const read = await readModuleArg(arg, options);
  return { arg: read, module: await PolicyModule.fromBytes(read.bytes, read.name) };
}

/** A located module as messages and reports show it: its path from the working directory, or its reference. */
export function shownLocation(located: LocatedModule): string {
  return located.kind === "registry" ? located.reference : shownPath(located.path);
}

/** The project policy a located module is the build of, if any. */
export function policyOf(located: LocatedModule): PolicySource | undefined {
  return located.kind === "file" ? located.policy : undefined;
}
