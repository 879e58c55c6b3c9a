// Runs the CNCF distribution registry (Debian's docker-registry) on a free loopback port
// with its own config and storage, for tests that need a real registry.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, fetch as undiciFetch } from "undici";
import { stringify } from "yaml";
import { freePort, freePorts } from "../../tools/free-ports.ts";

export interface TokenAuthConfig {
  realm: string;
  service: string;
  issuer: string;
  /** PEM file with the certificate that signs the tokens. */
  rootCertBundle: string;
}

export interface RegistryOptions {
  /** Require these credentials through htpasswd (Basic) authentication. */
  htpasswd?: { username: string; password: string };
  /** Require bearer tokens issued by a token service. */
  token?: TokenAuthConfig;
  /** The IP address to listen on; 127.0.0.1 by default. */
  address?: string;
  /** Serve HTTPS with this certificate and key; `caPath` is the CA that signed them. */
  tls?: { certPath: string; keyPath: string; caPath: string };
}

export interface RunningRegistry {
  /** `<address>:<port>`, the registry part of a reference. */
  host: string;
  port: number;
  stop(): Promise<void>;
}

// A guard against a registry that never starts, generous enough for a busy machine.
const STARTUP_TIMEOUT_MS = 120_000;
// bcrypt's cheapest cost: fast on a small machine, and the registry accepts any cost.
const BCRYPT_COST = "4";

export { freePort, freePorts };

function htpasswdEntry(username: string, password: string): string {
  try {
    return execFileSync("htpasswd", ["-Bbn", "-C", BCRYPT_COST, username, password], { encoding: "utf8" });
  } catch (err) {
    throw new Error(`cannot create an htpasswd entry (is apache2-utils installed?): ${(err as Error).message}`);
  }
}

function authSection(dir: string, options: RegistryOptions): object {
  if (options.htpasswd) {
    const path = join(dir, "htpasswd");
    writeFileSync(path, htpasswdEntry(options.htpasswd.username, options.htpasswd.password));
    return { htpasswd: { realm: "wardenkit-test-realm", path } };
  }
  if (options.token) {
    const { realm, service, issuer, rootCertBundle } = options.token;
    return { token: { realm, service, issuer, rootcertbundle: rootCertBundle } };
  }
  return {};
}

async function waitUntilAnswering(url: string, child: ChildProcess, log: () => string, caPath?: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const dispatcher = caPath ? new Agent({ connect: { ca: readFileSync(caPath, "utf8") } }) : undefined;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with code ${child.exitCode}: ${log()}`);
    try {
      await (await undiciFetch(url, { dispatcher })).body?.cancel();
      await dispatcher?.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`docker-registry did not answer at ${url} within ${STARTUP_TIMEOUT_MS} ms: ${log()}`);
}

// A free port is only free until someone binds it: another test run on the machine may take
// it between our check and the registry's bind. Then the registry exits saying so, and
// starting again on another port is the answer.
const PORT_ATTEMPTS = 3;

export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRegistryOnce(options);
    } catch (err) {
      if (attempt === PORT_ATTEMPTS || !/address already in use/i.test((err as Error).message)) throw err;
    }
  }
}

async function startRegistryOnce(options: RegistryOptions): Promise<RunningRegistry> {
  const address = options.address ?? "127.0.0.1";
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-registry-"));
  const port = await freePort(address);
  const config = {
    version: 0.1,
    log: { level: "warn", accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: join(dir, "data") }, delete: { enabled: true } },
    http: { addr: `${address}:${port}`, ...(options.tls ? { tls: { certificate: options.tls.certPath, key: options.tls.keyPath } } : {}) },
    auth: authSection(dir, options),
  };
  if (Object.keys(config.auth).length === 0) delete (config as { auth?: object }).auth;
  const configPath = join(dir, "config.yml");
  writeFileSync(configPath, stringify(config));

  const child = spawn("docker-registry", ["serve", configPath], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  child.on("error", (err) => (stderr += `could not start docker-registry: ${err.message}`));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const scheme = options.tls ? "https" : "http";
    await waitUntilAnswering(`${scheme}://${address}:${port}/v2/`, child, () => stderr.trim(), options.tls?.caPath);
  } catch (err) {
    await stop();
    throw err;
  }
  return { host: `${address}:${port}`, port, stop };
}
