// A module named on the command line, read the same way by every command that takes one: a
// policy of the project by its name (its build, dist/<name>.wasm), a file, or a location as a
// manifest names one (src/modules/location.ts: registry://host/repo:tag, a reference without
// a scheme, https://…, file://…), fetched by src/modules/fetch-module.ts (registry pulls kept
// by digest). A module the project builds is rebuilt first when it is older than its sources,
// and knows its policy folder, whose settings.yml is what a command uses when --settings is
// not given (settings-arg.ts).
import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { PolicyModule } from "../../host/policy-module.ts";
import { redact } from "../../io/redact.ts";
import { specialFileKind } from "../../io/text-file.ts";
import { builtPolicy, ensureCurrentModule } from "../../modules/current-module.ts";
import { fetchModule } from "../../modules/fetch-module.ts";
import { parseModuleLocation, type ModuleLocation } from "../../modules/location.ts";
import type { PullOptions } from "../../oci/pull.ts";
import { parseReference } from "../../oci/reference.ts";
import { shownPath, type PolicySource } from "../../project/policies.ts";
import { findProject, locateProject } from "../../project/project.ts";
import { CliError } from "../errors.ts";

export type LocatedModule =
  /** `policy`: the project policy this file is the build of. */
  | { kind: "file"; path: string; policy?: PolicySource }
  | { kind: "url"; url: string }
  | { kind: "registry"; reference: string };

export type ModuleKind = LocatedModule["kind"];

export interface LocateOptions {
  /** The kinds of module the command takes: all by default (push takes files only). */
  kinds?: readonly ModuleKind[];
}

export interface ModuleArg {
  /** What the module is called: its policy's name, its file's without .wasm, or its repository's last part. */
  name: string;
  /** As messages and reports show it: the path from the working directory, or the location. */
  shown: string;
  bytes: Uint8Array;
  located: LocatedModule;
}

export interface ModuleArgOptions {
  /** How a registry reference is pulled (--insecure, --ca-file, --max-module-size). */
  registry?: PullOptions;
  /** Where "rebuilding…" goes: standard error, so that the result on stdout stays clean. */
  log?: (line: string) => void;
}

const ALL_KINDS: readonly ModuleKind[] = ["file", "registry", "url"];
const KIND_WORDS: Record<ModuleKind, string> = { file: "a .wasm file", registry: "a registry://host/repository:tag reference", url: "an https:// URL" };
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** What a module argument may be, for messages: "the name of a policy of the project, a .wasm file or …". */
function accepted(kinds: readonly ModuleKind[]): string {
  const words = ["the name of a policy of the project", ...kinds.map((k) => KIND_WORDS[k])];
  return `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** Docker's rule for a reference without a scheme: its first part is a host when it has a dot or a port, or is localhost. */
function namesRegistryHost(reference: string): boolean {
  const first = reference.split("/")[0];
  return first.includes(".") || first.includes(":") || first === "localhost";
}

function localFile(path: string, arg: string): LocatedModule {
  if (!existsSync(path)) throw new CliError(`module ${redact(arg)} not found`);
  const kind = specialFileKind(statSync(path));
  if (kind) throw new CliError(`module ${redact(arg)} is ${kind}, not a .wasm file`);
  const absolute = resolve(path);
  const policy = locateProject() ? builtPolicy(absolute, findProject()) : null;
  return { kind: "file", path: absolute, ...(policy ? { policy } : {}) };
}

/** A bare name: the project's build of that policy. */
function locatePolicy(name: string, kinds: readonly ModuleKind[]): LocatedModule {
  if (!locateProject()) throw new CliError(`module ${name}: no such policy, as there is no wardenkit project here; give ${accepted(kinds)}`);
  const project = findProject();
  const path = project.module(name);
  const source = project.policy(name);
  const isPolicy = existsSync(source.entry);
  if (existsSync(path)) return { kind: "file", path, ...(isPolicy ? { policy: source } : {}) };
  if (isPolicy) throw new CliError(`${shownPath(path)} not found: build it with \`wardenkit build ${name}\``);
  const names = project.policies.map((p) => p.name);
  throw new CliError(`no policy ${name} in ${shownPath(project.folders.policies)}/${names.length ? ` (its policies: ${names.join(", ")})` : ""}; give ${accepted(kinds)}`);
}

/** Any other argument, read as a manifest's module location is. */
function locateElsewhere(arg: string, kinds: readonly ModuleKind[]): LocatedModule {
  let location: ModuleLocation;
  try {
    location = parseModuleLocation(arg, { baseDir: process.cwd() });
  } catch (err) {
    throw new CliError(`module ${redact(arg)}: ${(err as Error).message}; give ${accepted(kinds)}`);
  }
  if (location.kind === "file") return localFile(location.path, arg);
  // A path that is not there, rather than a reference to a host.
  if (location.kind === "registry" && !SCHEME.test(arg) && !namesRegistryHost(arg)) throw new CliError(`module ${redact(arg)} not found`);
  return location;
}

/** Where the module `arg` names lies, without reading it. */
export function locateModuleArg(arg: string, options: LocateOptions = {}): LocatedModule {
  const kinds = options.kinds ?? ALL_KINDS;
  const bare = !arg.includes("/") && !arg.endsWith(".wasm") && !SCHEME.test(arg);
  const located = bare ? locatePolicy(arg, kinds) : existsSync(arg) ? localFile(arg, arg) : locateElsewhere(arg, kinds);
  if (!kinds.includes(located.kind)) throw new CliError(`module ${redact(arg)}: ${KIND_WORDS[located.kind]} is not taken here; give ${accepted(kinds)}`);
  return located;
}

/** A located module as messages and reports show it: its path from the working directory, or its location. */
export function shownLocation(located: LocatedModule): string {
  if (located.kind === "file") return shownPath(located.path);
  return located.kind === "url" ? redact(located.url) : located.reference;
}

function nameOf(located: LocatedModule): string {
  if (located.kind === "file") return located.policy?.name ?? basename(located.path, ".wasm");
  if (located.kind === "registry") return parseReference(located.reference).repository.split("/").at(-1)!;
  return basename(new URL(located.url).pathname, ".wasm") || "policy";
}

/** The bytes of the module `arg` names: a project's build brought up to date, a file read, a module pulled or downloaded. */
export async function readModuleArg(arg: string | LocatedModule, options: ModuleArgOptions = {}): Promise<ModuleArg> {
  const located = typeof arg === "string" ? locateModuleArg(arg) : arg;
  if (located.kind === "file") await ensureCurrentModule(located.path, { log: options.log });
  const bytes = await fetchModule(located.kind === "file" ? { kind: "file", path: located.path } : located, { registry: options.registry });
  return { name: nameOf(located), shown: shownLocation(located), bytes, located };
}

/** The module `arg` names, compiled. */
export async function loadModuleArg(arg: string | LocatedModule, options: ModuleArgOptions = {}): Promise<{ arg: ModuleArg; module: PolicyModule }> {
  const read = await readModuleArg(arg, options);
  return { arg: read, module: await PolicyModule.fromBytes(read.bytes, read.name) };
}

/** The project policy a located module is the build of, if any. */
export function policyOf(located: LocatedModule): PolicySource | undefined {
  return located.kind === "file" ? located.policy : undefined;
}
