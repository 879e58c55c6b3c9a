// How a registry is reached. Like Docker, loopback registries are spoken to over plain
// HTTP; every other host over HTTPS unless the caller explicitly allows insecure HTTP.
import { RegistryError, registryMessages } from "./errors.ts";

export function hostOf(registry: string): string {
  return registry.startsWith("[") ? registry.slice(0, registry.indexOf("]") + 1) : registry.replace(/:\d+$/, "");
}

export function isLoopback(registry: string): boolean {
  const host = hostOf(registry).toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export function registryBaseUrl(registry: string, insecure = false): string {
  const scheme = insecure || isLoopback(registry) ? "http" : "https";
  return `${scheme}://${registry}`;
}

/** Why a fetch never got an HTTP answer, in a few words. */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? "";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host name not resolved";
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER") return "TLS failed: it does not answer HTTPS; plain HTTP needs --insecure";
  if (code.includes("CERT") || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL")) {
    return `TLS failed: ${(cause?.message ?? code).split("\n")[0]}`;
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return "connection timed out";
  return cause?.message ?? (err as Error).message;
}

/** fetch that turns "no answer at all" into a RegistryError naming the registry. */
export async function send(registry: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    throw new RegistryError(registryMessages.unreachable(registry, networkReason(err)));
  }
}
