// wardenkit serve: a development policy server speaking policy-server's protocol,
// with hot reload, denial Events and metrics; --register points the cluster at it.
import { isIP } from "node:net";
import { resolve } from "node:path";
import { startServer, DEFAULT_MAX_MEMORY_MIB, DEFAULT_PORT, DEFAULT_POLICY_TIMEOUT_MS, type ServeOptions } from "../../serve/server.ts";
import { DRAIN_TIMEOUT_MS } from "../../serve/drain.ts";
import { parseSettingsFiles } from "../../serve/config.ts";
import { certificateFromFiles, localCertificate, type ServingCertificate } from "../../serve/certificates.ts";
import { LiveCluster } from "../../serve/live-cluster.ts";
import { findKubeConfig } from "../../cluster/kubeconfig.ts";
import { WebhookRegistration } from "../../serve/webhook-registration.ts";
import { DEFAULT_CONFIGURATION_NAME, DEFAULT_EXCLUDED_NAMESPACES, DEFAULT_FAILURE_POLICY, type FailurePolicy } from "../../serve/webhook-configurations.ts";
import { CliError } from "../errors.ts";
import { distFolder, findProject, locateProject } from "../../project/project.ts";
import { deploySettingsDir } from "../../manifests/published-manifests.ts";
import { parseFlags, usageError } from "../flags.ts";

const MAX_PORT = 65535;

export const summary = "serve policies over HTTPS as policy-server does, reloading them as they change";
export const usage =
  "wardenkit serve [--config policies.yml | --dist dist [--settings policy=file]…] [--port 8443] [--address addr] [--tls-cert f --tls-key f [--tls-ca f]] " +
  "[--workers n] [--policy-timeout seconds] [--max-memory MiB] [--fail-open] [--kubeconfig f] [--insecure-registry] " +
  "[--register --advertise-host host [--failure-policy Ignore|Fail] [--namespace ns,…] [--exclude-namespace ns,…] " +
  "[--registration-name name] [--keep-registration]]";
export const details = [
  `--dist           without --config, every dist/<name>.wasm is served as <name> with the settings in`,
  `                 deploy/settings/<name>.yaml when there is one; --settings <name>=<file> gives others`,
  `SIGINT, SIGTERM  stop accepting connections, answer the reviews already received (at most ${DRAIN_TIMEOUT_MS / 1000} s), exit 0;`,
  `                 a second signal stops at once`,
  `--address        where to listen: 127.0.0.1 by default; 0.0.0.0 (every interface) by default with --register,`,
  `                 so that the cluster can reach it`,
  `--port           ${DEFAULT_PORT} by default`,
  `--max-memory     linear memory one evaluation may use, in MiB (${DEFAULT_MAX_MEMORY_MIB} by default; maxMemoryMiB in`,
  `                 policies.yml sets it per policy); a policy that asks for more is answered as failed`,
  `--register       writes webhook configurations named ${DEFAULT_CONFIGURATION_NAME} pointing the cluster at`,
  `                 https://<advertise-host>:<port>, and deletes them when serve stops (SIGINT, SIGTERM)`,
  `                 unless --keep-registration; a failed registration stops serve`,
  `--failure-policy what the API server does when serve does not answer (stopped, suspended, unreachable):`,
  `                 ${DEFAULT_FAILURE_POLICY} (default) admits the request unchecked after the webhook's 10 s timeout;`,
  `                 Fail refuses it, so a serve that is gone blocks every matching request`,
  `--namespace      only these namespaces are sent to serve (cluster-scoped objects are then not sent);`,
  `--exclude-namespace  never these (default ${DEFAULT_EXCLUDED_NAMESPACES.join(", ")})`,
  `--registration-name  another name for the configurations, to run a second serve on the same cluster`,
].join("\n");

const CERT_DIR = ".wardenkit/serve";
const ANY_ADDRESS = new Set(["0.0.0.0", "::"]);

function positiveNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw usageError(`${flag} must be a positive number, not '${value}'`, usage);
  return n;
}

function portNumber(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PORT) throw usageError(`--port must be a whole number from 1 to ${MAX_PORT}, not '${value}'`, usage);
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
    const signals = ["SIGINT", "SIGTERM"] as const;
    const stop = (signal: string) => {
      for (const s of signals) process.off(s, stop);
      done(signal);
    };
    for (const signal of signals) process.on(signal, stop);
  });
}

function failurePolicy(value: string | undefined): FailurePolicy {
  if (value === undefined) return DEFAULT_FAILURE_POLICY;
  if (value === "Ignore" || value === "Fail") return value;
  throw usageError(`--failure-policy must be Ignore or Fail, not '${value}'`, usage);
}

/** `--namespace a,b --namespace c` → [a, b, c]. */
function namespaceList(values: string[] | undefined): string[] | undefined {
  const names = (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  return names.length ? names : undefined;
}

const REGISTRATION_FLAGS = ["failure-policy", "namespace", "exclude-namespace", "registration-name", "keep-registration"] as const;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    config: { type: "string", short: "c" },
    dist: { type: "string" },
    settings: { type: "string", multiple: true },
    port: { type: "string", short: "p" },
    address: { type: "string" },
    "tls-cert": { type: "string" },
    "tls-key": { type: "string" },
    "tls-ca": { type: "string" },
    workers: { type: "string" },
    "policy-timeout": { type: "string" },
    "max-memory": { type: "string" },
    "fail-open": { type: "boolean" },
    kubeconfig: { type: "string" },
    register: { type: "boolean" },
    "advertise-host": { type: "string" },
    "insecure-registry": { type: "boolean" },
    "failure-policy": { type: "string" },
    namespace: { type: "string", short: "n", multiple: true },
    "exclude-namespace": { type: "string", multiple: true },
    "registration-name": { type: "string" },
    "keep-registration": { type: "boolean" },
  }, usage);
  if (positionals.length > 0) throw usageError(`unexpected argument ${positionals[0]}`, usage);
  const port = portNumber(values.port);
  if (values.config && values.settings) throw usageError("--settings is for dist/ policies; with --config, settings go in the policies.yml entry", usage);
  let settingsFiles: Record<string, string> | undefined;
  try {
    settingsFiles = values.settings ? parseSettingsFiles(values.settings) : undefined;
  } catch (err) {
    throw usageError((err as Error).message, usage);
  }
  const address = values.address ?? (values.register ? "0.0.0.0" : "127.0.0.1");
  const advertised = values["advertise-host"] ?? (ANY_ADDRESS.has(address) ? undefined : address);
  if (values.register && !advertised) throw usageError("--register needs --advertise-host: the address the cluster reaches this server at", usage);
  const stray = REGISTRATION_FLAGS.find((flag) => values[flag] !== undefined);
  if (!values.register && stray) throw usageError(`--${stray} only applies with --register`, usage);
  const hosts = [...new Set(["localhost", "127.0.0.1", "::1", ...(advertised ? [advertised] : []), ...(ANY_ADDRESS.has(address) ? [] : [address])])];

  const kubeConfig = findKubeConfig(values.kubeconfig);
  if (values.register && !kubeConfig) throw new CliError("--register needs a cluster: no kubeconfig was found");
  const cert = certificate(values, hosts); // before anything that would have to be closed
  const cluster = kubeConfig ? new LiveCluster(kubeConfig) : null;
  const baseUrl = advertised ? `https://${isIP(advertised) === 6 ? `[${advertised}]` : advertised}:${port}` : "";
  const registration = values.register && kubeConfig
    ? new WebhookRegistration(kubeConfig, {
      baseUrl, caPem: cert.ca, name: values["registration-name"], failurePolicy: failurePolicy(values["failure-policy"]),
      namespaces: { include: namespaceList(values.namespace), exclude: namespaceList(values["exclude-namespace"]) },
    })
    : null;
  let registrationFailed: (reason: string) => void = () => {};
  const failure = new Promise<string>((done) => (registrationFailed = done));

  const options: ServeOptions = {
    configPath: values.config,
    distDir: values.config === undefined ? distFolder(values.dist) : resolve(values.dist ?? "dist"), // with --config, unused
    // Outside a project, dist mode takes settings from --settings only.
    distSettings: { dir: values.config === undefined && locateProject() ? deploySettingsDir(findProject()) : undefined, files: settingsFiles },
    certificate: cert,
    port,
    address,
    workers: values.workers ? positiveNumber(values.workers, "--workers", 1) : undefined,
    policyTimeoutMs: positiveNumber(values["policy-timeout"], "--policy-timeout", DEFAULT_POLICY_TIMEOUT_MS / 1000) * 1000,
    maxMemoryMiB: positiveNumber(values["max-memory"], "--max-memory", DEFAULT_MAX_MEMORY_MIB),
    failOpen: values["fail-open"],
    kubernetes: cluster ?? undefined,
    events: cluster ?? undefined,
    registry: { insecure: values["insecure-registry"] },
    onReload: registration
      ? async (report, served) => {
        if (report.loaded.length + report.removed.length === 0) return;
        try {
          for (const line of await registration.register(served)) console.log(line);
        } catch (err) {
          // At start this ends startServer; later it ends serve (see below).
          registrationFailed((err as Error).message);
          throw err;
        }
      }
      : undefined,
  };
  let server;
  try {
    server = await startServer(options);
  } catch (err) {
    // A registration that failed half way leaves nothing behind.
    if (registration) for (const line of await registration.unregister()) console.log(line);
    await cluster?.close();
    throw new CliError((err as Error).message);
  }
  console.log(`serving ${server.policies.list().length} policies at ${server.url}/validate/<policy-id> (readiness: /readiness, metrics: /metrics)`);
  const unserved = server.policies.unserved.map((p) => p.id);
  if (unserved.length > 0) console.log(`not serving ${unserved.join(", ")} (see above): /readiness answers 503 until they load`);
  console.log(`listening on ${address}:${server.port}${ANY_ADDRESS.has(address) ? " (every interface)" : ""}${registration ? `; the cluster calls ${baseUrl}` : ""}`);
  console.log(cluster ? `cluster: ${cluster.server} (live host capabilities and denial Events)` : "cluster: none (no kubeconfig; kubernetes host capabilities answer with an error, no Events)");
  if (!values["tls-cert"]) console.log(`CA certificate (${resolve(CERT_DIR, "ca.pem")}):\n${cert.ca.trim()}`);
  const ended = await Promise.race([stopSignal().then((signal) => ({ signal })), failure.then((reason) => ({ reason }))]);
  console.log("signal" in ended ? `${ended.signal}: stopping` : "stopping: the webhooks could not be registered");
  void stopSignal().then((signal) => {
    console.log(`${signal} again: stopping without waiting for the reviews in flight`);
    server.hurry();
  });
  if (registration && !values["keep-registration"]) for (const line of await registration.unregister()) console.log(line);
  else if (registration) console.log(`kept the ${registration.name} webhook configurations (--keep-registration)`);
  await server.close();
  await cluster?.close();
  console.log("stopped");
  if ("reason" in ended) throw new CliError(ended.reason);
  return 0;
}
