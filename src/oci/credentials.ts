// Where registry credentials come from: WARDENKIT_REGISTRY_USER / WARDENKIT_REGISTRY_PASSWORD
// first, then the `auths` of the Docker config file ($DOCKER_CONFIG/config.json or
// ~/.docker/config.json). Credential helpers (credsStore) are not consulted.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Credentials {
  username: string;
  password: string;
}

interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), ".docker"), "config.json");
}

/** `https://host:port/v1/` and `host:port` both name the registry `host:port`. */
function registryOfAuthKey(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
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

function fromDockerConfig(registry: string, env: NodeJS.ProcessEnv): Credentials | undefined {
  let config: { auths?: Record<string, DockerAuthEntry> };
  try {
    config = JSON.parse(readFileSync(dockerConfigPath(env), "utf8"));
  } catch {
    return undefined; // no (readable) config file: anonymous access
  }
  const wanted = registry.toLowerCase();
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (registryOfAuthKey(key) === wanted) return fromAuthEntry(entry);
  }
  return undefined;
}

export function resolveCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const { WARDENKIT_REGISTRY_USER: username, WARDENKIT_REGISTRY_PASSWORD: password } = env;
  if (username && password !== undefined) return { username, password };
  return fromDockerConfig(registry, env);
}
