// How a registry is reached. Like Docker, loopback registries are spoken to over plain
// HTTP and every other host over HTTPS, unless the caller explicitly allows insecure HTTP;
// a CA bundle (for a private registry's own CA) means HTTPS, loopback or not, trusting
// that CA besides the system's.
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { fileErrorReason } from "../io/text-file.ts";
import { RegistryError, registryMessages } from "./errors.ts";

export interface TransportOptions {
  /** Reach a non-loopback registry over plain HTTP. */
  insecure?: boolean;
  /** PEM file of the CA(s) that signed the registry's certificate. */
  caFile?: string;
  /** Aborts every request of the operation (a caller's deadline). */
  signal?: AbortSignal;
}

export function hostOf(registry: string): string {
  return registry.startsWith("[") ? registry.slice(0, registry.indexOf("]") + 1) : registry.replace(/:\d+$/, "");
}

export function isLoopback(registry: string): boolean {
  const host = hostOf(registry).toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export function registryBaseUrl(registry: string, options: TransportOptions = {}): string {
  const plain = !options.caFile && (options.insecure || isLoopback(registry));
  return `${plain ? "http" : "https"}://${registry}`;
}

/** OpenSSL's codes for a certificate chain that no trusted CA vouches for. */
const UNTRUSTED_CERTIFICATE = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
]);

/** Why a fetch got no HTTP answer, or its body was cut off, in a few words. */
export function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? "";
  if ((err as Error).name === "AbortError" || (err as Error).name === "TimeoutError") return "the request was abandoned at its deadline";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host name not resolved";
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER") return "TLS failed: it does not answer HTTPS; plain HTTP needs --insecure";
  if (UNTRUSTED_CERTIFICATE.has(code)) return `TLS failed: ${(cause?.message ?? code).split("\n")[0]}; a registry with a private CA needs --ca-file`;
  if (code.includes("CERT") || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL")) {
    return `TLS failed: ${(cause?.message ?? code).split("\n")[0]}`;
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return "connection timed out";
  return cause?.message ?? (err as Error).message;
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** One fetch per CA bundle, its connection pool trusting the bundle besides the system's CAs. */
const trustingFetches = new Map<string, Fetch>();

function readBundle(caFile: string): string {
  let pem: string;
  try {
    pem = readFileSync(caFile, "utf8");
  } catch (err) {
    throw new RegistryError(`cannot read the CA bundle ${caFile}: ${fileErrorReason(err)}`);
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new RegistryError(`the CA bundle ${caFile} holds no PEM certificate`);
  return pem;
}

/** undici is loaded only for a CA bundle, as it takes a second or two to load. */
async function fetchTrusting(caFile: string): Promise<Fetch> {
  let trusting = trustingFetches.get(caFile);
  if (!trusting) {
    const pem = readBundle(caFile);
    const undici = await import("undici");
    const dispatcher = new undici.Agent({ connect: { ca: [...rootCertificates, pem] } });
    // undici's own fetch, which surely understands the undici Agent it is given.
    trusting = async (url, init) => (await undici.fetch(url, { ...(init as object), dispatcher })) as unknown as Response;
    trustingFetches.set(caFile, trusting);
  }
  return trusting;
}

/** fetch that turns "no answer at all" into a RegistryError naming the registry. */
export async function send(registry: string, url: string, init: RequestInit, options: TransportOptions = {}): Promise<Response> {
  const fetcher: Fetch = options.caFile ? await fetchTrusting(options.caFile) : fetch;
  try {
    return await fetcher(url, options.signal ? { ...init, signal: options.signal } : init);
  } catch (err) {
    throw new RegistryError(registryMessages.unreachable(registry, networkReason(err)));
  }
}
