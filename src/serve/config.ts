// What `wardenkit serve` serves: the standalone policy-server's policies.yml
// (id → module, settings, policyMode, allowedToMutate, contextAwareResources,
// message, timeoutEvalSeconds, hostCapabilities, and wardenkit's maxMemoryMiB), or every module
// in dist/ with its deploy settings (policies/<name>/settings.yml, or a file given with
// --settings <name>=<file>).
// A broken entry is reported on its own so the other policies are still served.
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { policyIn } from "../project/policies.ts";
import type { ContextAwareResource } from "../wasm/policy-metadata.ts";
import { readTextFile } from "../io/text-file.ts";
import { HostCapabilityAllowList } from "../host/capabilities/allow-list.ts";
import { readDocument } from "../inputs/documents.ts";

export type PolicyMode = "protect" | "monitor";

export interface PolicyConfig {
  id: string;
  /** The module location as written, read by src/modules/location.ts. */
  module: string;
  /** Directory a relative module path is resolved against. */
  baseDir: string;
  settings: Record<string, unknown>;
  mode: PolicyMode;
  /** undefined: use the module metadata's `mutating` (dist mode). */
  allowedToMutate?: boolean;
  /** undefined: use the module metadata's list (dist mode); policies.yml means exactly what it says. */
  contextAwareResources?: ContextAwareResource[];
  /** Replaces the policy's own message on rejections (spec.message). */
  message?: string;
  timeoutSeconds?: number;
  /** Linear memory one evaluation may use, in MiB; undefined: the server's cap. */
  maxMemoryMiB?: number;
  /**
   * Host capability patterns the policy may call. policies.yml without the key means none, as in
   * a stand-alone policy-server; dist mode allows all, as the controller does for cluster-wide policies.
   */
  hostCapabilities: string[];
  /** Dist mode: the file the settings were read from, so that messages can name it. */
  settingsFile?: string;
}

export interface ConfigProblem {
  id: string;
  error: string;
}

export interface ServeConfig {
  policies: PolicyConfig[];
  problems: ConfigProblem[];
}

const KNOWN_KEYS = new Set([
  "module", "settings", "policyMode", "allowedToMutate", "contextAwareResources", "message", "timeoutEvalSeconds", "hostCapabilities", "maxMemoryMiB",
]);

/** A policy id ends up in a URL path and a webhook name. */
const POLICY_ID = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseContextAwareResources(value: unknown): ContextAwareResource[] {
  if (value == null) return [];
  if (!Array.isArray(value)) throw new Error("contextAwareResources must be a list of {apiVersion, kind}");
  return value.map((entry) => {
    if (!isRecord(entry) || typeof entry.apiVersion !== "string" || typeof entry.kind !== "string") {
      throw new Error("every contextAwareResources entry needs a string apiVersion and kind");
    }
    return { apiVersion: entry.apiVersion, kind: entry.kind };
  });
}

function parseEntry(id: string, entry: unknown, baseDir: string): PolicyConfig {
  if (!POLICY_ID.test(id)) throw new Error("a policy id must be lower-case letters, digits, '-' or '.'");
  if (!isRecord(entry)) throw new Error("expected a mapping with at least `module`");
  if ("policies" in entry || "expression" in entry) throw new Error("policy groups are not supported by wardenkit serve");
  const unknown = Object.keys(entry).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0) throw new Error(`unknown field ${unknown.join(", ")}`);
  if (typeof entry.module !== "string" || entry.module === "") throw new Error("`module` must be a URI or a path");
  if (entry.settings != null && !isRecord(entry.settings)) throw new Error("`settings` must be a mapping");
  const mode = entry.policyMode ?? "protect";
  if (mode !== "protect" && mode !== "monitor") throw new Error("`policyMode` must be protect or monitor");
  if (entry.allowedToMutate != null && typeof entry.allowedToMutate !== "boolean") throw new Error("`allowedToMutate` must be true or false");
  if (entry.message != null && typeof entry.message !== "string") throw new Error("`message` must be a string");
  const hostCapabilities = (entry.hostCapabilities ?? []) as string[];
  HostCapabilityAllowList.parse(hostCapabilities); // throws a sentence naming the bad pattern
  const timeout = entry.timeoutEvalSeconds;
  if (timeout != null && !(typeof timeout === "number" && timeout > 0)) throw new Error("`timeoutEvalSeconds` must be a positive number");
  const maxMemory = entry.maxMemoryMiB;
  if (maxMemory != null && !(Number.isInteger(maxMemory) && (maxMemory as number) > 0)) throw new Error("`maxMemoryMiB` must be a whole number of MiB");
  return {
    id,
    module: entry.module,
    baseDir,
    settings: (entry.settings as Record<string, unknown> | undefined) ?? {},
    mode,
    // policy-server's default: a policy may not mutate unless allowed.
    allowedToMutate: (entry.allowedToMutate as boolean | undefined) ?? false,
    contextAwareResources: parseContextAwareResources(entry.contextAwareResources),
    message: entry.message as string | undefined,
    timeoutSeconds: timeout as number | undefined,
    maxMemoryMiB: maxMemory as number | undefined,
    hostCapabilities,
  };
}

/** Parses policies.yml text; throws only when the file as a whole is unusable. */
export function parseServeConfig(text: string, baseDir: string, source = "policies.yml"): ServeConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (err) {
    throw new Error(`${source} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (document == null) return { policies: [], problems: [] };
  if (!isRecord(document)) throw new Error(`${source} must map policy ids to policies`);
  const config: ServeConfig = { policies: [], problems: [] };
  for (const [id, entry] of Object.entries(document)) {
    try {
      config.policies.push(parseEntry(id, entry, baseDir));
    } catch (err) {
      config.problems.push({ id, error: `${source}: ${(err as Error).message}` });
    }
  }
  return config;
}

export function readServeConfig(path: string): ServeConfig {
  return parseServeConfig(readTextFile(path), dirname(resolve(path)), basename(path));
}

/** Where the settings of dist/ policies come from. */
export interface DistSettings {
  /** The project's policies folder: `<policy>/settings.yml` holds the settings the policy is deployed, and served, with. */
  policiesDir?: string;
  /** A settings file per policy (`--settings <policy>=<file>`), ahead of the policy's own. */
  files?: Record<string, string>;
}

/** `["a=x.yaml", …]` → {a: "x.yaml"}; throws a sentence naming a malformed or repeated entry. */
export function parseSettingsFiles(values: string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf("=");
    if (at <= 0 || at === value.length - 1) throw new Error(`--settings takes <policy>=<file>, not '${value}'`);
    const policy = value.slice(0, at);
    if (policy in files) throw new Error(`--settings names ${policy} twice`);
    files[policy] = resolve(value.slice(at + 1));
  }
  return files;
}

function settingsFrom(file: string): Record<string, unknown> {
  const document = readDocument(file);
  if (document == null) return {};
  if (!isRecord(document)) throw new Error(`${file} must hold a mapping of settings`);
  return document;
}

/** The file a dist/ policy's settings come from, if any. */
function settingsFileOf(id: string, settings: DistSettings): string | undefined {
  const given = settings.files?.[id];
  if (given) return given;
  const deployed = settings.policiesDir ? policyIn(settings.policiesDir, id).settingsFile : undefined;
  return deployed && existsSync(deployed) ? deployed : undefined;
}

/** Every dist/<name>.wasm under its name, with its deploy settings, metadata deciding the rest. */
export function distConfig(distDir: string, settings: DistSettings = {}): ServeConfig {
  let files: string[];
  try {
    files = readdirSync(distDir).filter((f) => f.endsWith(".wasm")).sort();
  } catch {
    throw new Error(`there is no ${distDir} directory; run \`wardenkit build\` first or pass --config`);
  }
  const config: ServeConfig = { policies: [], problems: [] };
  for (const file of files) {
    const id = basename(file, ".wasm");
    if (!POLICY_ID.test(id)) {
      config.problems.push({ id, error: `${file}: the file name is not a valid policy id` });
      continue;
    }
    const settingsFile = settingsFileOf(id, settings);
    let policySettings: Record<string, unknown> = {};
    try {
      if (settingsFile) policySettings = settingsFrom(settingsFile);
    } catch (err) {
      config.problems.push({ id, error: `its settings cannot be read: ${(err as Error).message}` });
      continue;
    }
    config.policies.push({ id, module: join(distDir, file), baseDir: distDir, settings: policySettings, mode: "protect", hostCapabilities: ["*"], settingsFile });
  }
  for (const [id, file] of Object.entries(settings.files ?? {})) {
    if (!files.includes(`${id}.wasm`)) config.problems.push({ id, error: `--settings ${id}=${file} names no module: there is no ${join(distDir, `${id}.wasm`)}` });
  }
  return config;
}
