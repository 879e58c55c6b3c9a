// The parts of the Docker config file ($DOCKER_CONFIG/config.json or ~/.docker/config.json)
// that say where a registry's credentials are: a per-registry credential helper
// (`credHelpers`), the default helper (`credsStore`), or an `auths` entry.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Credentials } from "./credentials.ts";

interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
}

interface DockerConfig {
  auths?: Record<string, DockerAuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** What the config file says about one registry, in Docker's order of precedence. */
export type ConfiguredCredentials =
  | { kind: "helper"; helper: string; setting: "credHelpers" | "credsStore"; configPath: string }
  | { kind: "auths"; credentials: Credentials; configPath: string }
  | { kind: "none" };

export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), ".docker"), "config.json");
}

/** `https://host:port/v1/` and `host:port` both name the registry `host:port`. */
function registryOfKey(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
}

function entryFor<T>(entries: Record<string, T> | undefined, registry: string): T | undefined {
  const wanted = registry.toLowerCase();
  return Object.entries(entries ?? {}).find(([key]) => registryOfKey(key) === wanted)?.[1];
}

function fromAuthEntry(entry: DockerAuthEntry): Credentials | undefined {
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password !== undefined) return { username: entry.username, password: entry.password };
  return undefined;
}

/** As Docker does: a configured helper is the only source; `auths` count only without one. */
export function configuredCredentials(registry: string, env: NodeJS.ProcessEnv): ConfiguredCredentials {
  const configPath = dockerConfigPath(env);
  let config: DockerConfig;
  try {
    config = JSON.parse(readFileSync(configPath, "utf8")) as DockerConfig;
  } catch {
    return { kind: "none" }; // no (readable) config file: anonymous access
  }
  const perRegistry = entryFor(config.credHelpers, registry);
  if (perRegistry) return { kind: "helper", helper: perRegistry, setting: "credHelpers", configPath };
  if (config.credsStore) return { kind: "helper", helper: config.credsStore, setting: "credsStore", configPath };
  const entry = entryFor(config.auths, registry);
  const credentials = entry && fromAuthEntry(entry);
  return credentials ? { kind: "auths", credentials, configPath } : { kind: "none" };
}
