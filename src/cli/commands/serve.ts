// wardenkit serve: a development policy server speaking policy-server's protocol,
// with hot reload, denial Events and metrics; --register points the cluster at it.
import { isIP } from "node:net";
import { resolve } from "node:path";
import { startServer, DEFAULT_PORT, DEFAULT_POLICY_TIMEOUT_MS, type ServeOptions } from "../../serve/server.ts";
import { certificateFromFiles, localCertificate, type ServingCertificate } from "../../serve/certificates.ts";
import { LiveCluster } from "../../serve/live-cluster.ts";
import { findKubeConfig } from "../../cluster/kubeconfig.ts";
import { registerWebhooks } from "../../serve/webhook-registration.ts";
import { CliError } from "../errors.ts";
import { parseFlags, usageError } from "../flags.ts";

export const summary = "serve policies over HTTPS as policy-server does, reloading them as they change";
export const usage =
  "wardenkit serve [--config policies.yml] [--dist dist] [--port 8443] [--address 127.0.0.1] [--tls-cert f --tls-key f [--tls-ca f]] " +
  "[--workers n] [--policy-timeout seconds] [--fail-open] [--kubeconfig f] [--register --advertise-host host] [--insecure-registry]";

const CERT_DIR = ".wardenkit/serve";
const ANY_ADDRESS = new Set(["0.0.0.0", "::"]);

function positiveNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw usageError(`${flag} must be a positive number, not '${value}'`, usage);
  return n;
}

function certificate(values: { "tls-cert"?: string; "tls-key"?: string; "tls-ca"?: string }, hosts: string[]): ServingCertificate {
  if (values["tls-cert"] || values["tls-key"]) {
    if (!values["tls-cert"] || !values["tls-key"]) throw usageError("--tls-cert and --tls-key go together", usage);
    return certificateFromFiles(values["tls-cert"], values["tls-key"], values["tls-ca"]);
  }
  return localCertificate(resolve(CERT_DIR), hosts);
}

/** Resolves when the process is asked to stop. */
function stopSignal(): Promise<string> {
  return new Promise((done) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => done(signal));
  });
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    config: { type: "string", short: "c" },
    dist: { type: "string" },
    port: { type: "string", short: "p" },
    address: { type: "string" },
    "tls-cert": { type: "string" },
    "tls-key": { type: "string" },
    "tls-ca": { type: "string" },
    workers: { type: "string" },
    "policy-timeout": { type: "string" },
    "fail-open": { type: "boolean" },
    kubeconfig: { type: "string" },
    register: { type: "boolean" },
    "advertise-host": { type: "string" },
    "insecure-registry": { type: "boolean" },
  }, usage);
  if (positionals.length > 0) throw usageError(`unexpected argument ${positionals[0]}`, usage);
  const port = positiveNumber(values.port, "--port", DEFAULT_PORT);
  const address = values.address ?? (values.register ? "0.0.0.0" : "127.0.0.1");
  const advertised = values["advertise-host"] ?? (ANY_ADDRESS.has(address) ? undefined : address);
  if (values.register && !advertised) throw usageError("--register needs --advertise-host: the address the cluster reaches this server at", usage);
  const hosts = [...new Set(["localhost", "127.0.0.1", "::1", ...(advertised ? [advertised] : []), ...(ANY_ADDRESS.has(address) ? [] : [address])])];

  const kubeConfig = findKubeConfig(values.kubeconfig);
  if (values.register && !kubeConfig) throw new CliError("--register needs a cluster: no kubeconfig was found");
  const cluster = kubeConfig ? new LiveCluster(kubeConfig) : null;
  const cert = certificate(values, hosts);
  const baseUrl = advertised ? `https://${isIP(advertised) === 6 ? `[${advertised}]` : advertised}:${port}` : "";

  const options: ServeOptions = {
    configPath: values.config,
    distDir: resolve(values.dist ?? "dist"),
    certificate: cert,
    port,
    address,
    workers: values.workers ? positiveNumber(values.workers, "--workers", 1) : undefined,
    policyTimeoutMs: positiveNumber(values["policy-timeout"], "--policy-timeout", DEFAULT_POLICY_TIMEOUT_MS / 1000) * 1000,
    failOpen: values["fail-open"],
    kubernetes: cluster ?? undefined,
    events: cluster ?? undefined,
    registry: { insecure: values["insecure-registry"] },
    onReload: values.register && kubeConfig
      ? async (report, served) => {
        if (report.loaded.length + report.removed.length === 0) return;
        try {
          for (const line of await registerWebhooks(kubeConfig, served, { baseUrl, caPem: cert.ca })) console.log(line);
        } catch (err) {
          console.error((err as Error).message);
        }
      }
      : undefined,
  };
  let server;
  try {
    server = await startServer(options);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  console.log(`serving ${server.policies.list().length} policies at ${server.url}/validate/<policy-id> (readiness: /readiness, metrics: /metrics)`);
  console.log(cluster ? `cluster: ${cluster.server} (live host capabilities and denial Events)` : "cluster: none (no kubeconfig; kubernetes host capabilities answer with an error, no Events)");
  if (!values["tls-cert"]) console.log(`CA certificate (${resolve(CERT_DIR, "ca.pem")}):\n${cert.ca.trim()}`);
  const signal = await stopSignal();
  console.log(`${signal}: stopping`);
  await server.close();
  return 0;
}
