// Where registry credentials come from: WARDENKIT_REGISTRY_USER / WARDENKIT_REGISTRY_PASSWORD
// first, then the Docker config file: a credential helper (`credHelpers` for the registry,
// else `credsStore`) or, without one, the registry's `auths` entry.
import { askCredentialHelper } from "./credential-helper.ts";
import { configuredCredentials } from "./docker-config.ts";

export { dockerConfigPath } from "./docker-config.ts";

export interface Credentials {
  username: string;
  password: string;
}

export interface CredentialLookup {
  credentials?: Credentials;
  /** Why none were found although a helper is configured: it names the helper and what failed. */
  problem?: string;
}

export async function resolveCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<CredentialLookup> {
  const { WARDENKIT_REGISTRY_USER: username, WARDENKIT_REGISTRY_PASSWORD: password } = env;
  if (username && password !== undefined) return { credentials: { username, password } };
  const configured = configuredCredentials(registry, env);
  if (configured.kind === "auths") return { credentials: configured.credentials };
  if (configured.kind === "none") return {};
  const answer = await askCredentialHelper(configured.helper, registry, { ...process.env, ...env }, `${configured.setting} in ${configured.configPath}`);
  return "credentials" in answer ? { credentials: answer.credentials } : { problem: answer.problem };
}
