// wardenkit serve: a development policy server speaking policy-server's protocol,
// with hot reload, denial Events and metrics; --register points the cluster at it.
import { isIP } from "node:net";
import { resolve } from "node:path";
import { mebibytes } from "../../oci/limits.ts";
import { startServer, type ServeOptions } from "../../serve/server.ts";
import { parseSettingsFiles } from "../../serve/config.ts";
import { distFolder, findProject, locateProject } from "../../project/project.ts";
import { certificateFromFiles, localCertificate, type ServingCertificate } from "../../serve/certificates.ts";
import { LiveCluster } from "../../serve/live-cluster.ts";
import { findKubeConfig } from "../../cluster/kubeconfig.ts";
import { WebhookRegistration } from "../../serve/webhook-registration.ts";
import { DEFAULT_FAILURE_POLICY } from "../../serve/webhook-configurations.ts";
import type { CommandInput } from "../command.ts";
import type { ServeFlags } from "../commands/serve.ts";
import { CliError, UsageError } from "../errors.ts";
import { printLine, type CommandIo } from "../io.ts";

const CERT_DIR = ".wardenkit/serve";
const ANY_ADDRESS = new Set(["0.0.0.0", "::"]);

function certificate(values: { "tls-cert": string | undefined; "tls-key": string | undefined; "tls-ca": string | undefined }, hosts: string[]): ServingCertificate {
  if (values["tls-cert"] || values["tls-key"]) {
    if (!values["tls-cert"] || !values["tls-key"]) throw new UsageError("--tls-cert and --tls-key go together");
    return certificateFromFiles(values["tls-cert"], values["tls-key"], values["tls-ca"]);
  }
  return localCertificate(resolve(CERT_DIR), hosts);
}

const nonEmpty = (list: string[]) => (list.length ? list : undefined);

function printLines(io: CommandIo, lines: string[]): void {
  for (const line of lines) printLine(io.stdout, line);
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

/** `--settings name=file`, each at most once; only in dist mode. */
function settingsFiles(values: ServeFlagValues): Record<string, string> | undefined {
  if (values.settings.length === 0) return undefined;
  if (values.config) throw new UsageError("--settings is for dist/ policies; with --config, settings go in the policies.yml entry");
  try {
    return parseSettingsFiles(values.settings);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

type ServeFlagValues = CommandInput<ServeFlags>["flags"];

const REGISTRATION_FLAGS = ["failure-policy", "namespace", "exclude-namespace", "registration-name", "keep-registration"] as const;

/** The registration flags given without --register. */
function strayRegistrationFlag(flags: ServeFlagValues): string | undefined {
  return REGISTRATION_FLAGS.find((name) => {
    const value = flags[name];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
  });
}

export async function run({ flags: values, io }: CommandInput<ServeFlags>): Promise<number> {
  const port = values.port;
  const distSettingsFiles = settingsFiles(values);
  const address = values.address ?? (values.register ? "0.0.0.0" : "127.0.0.1");
  const advertised = values["advertise-host"] ?? (ANY_ADDRESS.has(address) ? undefined : address);
  if (values.register && !advertised) throw new UsageError("--register needs --advertise-host: the address the cluster reaches this server at");
  const stray = strayRegistrationFlag(values);
  if (!values.register && stray) throw new UsageError(`--${stray} only applies with --register`);
  const hosts = [...new Set(["localhost", "127.0.0.1", "::1", ...(advertised ? [advertised] : []), ...(ANY_ADDRESS.has(address) ? [] : [address])])];

  const kubeConfig = findKubeConfig(values.kubeconfig);
  if (values.register && !kubeConfig) throw new CliError("--register needs a cluster: no kubeconfig was found");
  const cert = certificate(values, hosts); // before anything that would have to be closed
  const cluster = kubeConfig ? new LiveCluster(kubeConfig) : null;
  const baseUrl = advertised ? `https://${isIP(advertised) === 6 ? `[${advertised}]` : advertised}:${port}` : "";
  const registration = values.register && kubeConfig
    ? new WebhookRegistration(kubeConfig, {
      baseUrl, caPem: cert.ca, name: values["registration-name"], failurePolicy: values["failure-policy"] ?? DEFAULT_FAILURE_POLICY,
      namespaces: { include: nonEmpty(values.namespace), exclude: nonEmpty(values["exclude-namespace"]) },
    })
    : null;
  let registrationFailed: (reason: string) => void = () => {};
  const failure = new Promise<string>((done) => (registrationFailed = done));

  const options: ServeOptions = {
    configPath: values.config,
    distDir: values.config === undefined ? distFolder(values.dist) : resolve(values.dist ?? "dist"), // with --config, unused
    // Outside a project, dist mode takes settings from --settings only.
    distSettings: { policiesDir: values.config === undefined && locateProject() ? findProject().folders.policies : undefined, files: distSettingsFiles },
    certificate: cert,
    port,
    address,
    workers: values.workers,
    policyTimeoutMs: values["policy-timeout"] * 1000,
    maxMemoryMiB: values["max-memory"],
    failOpen: values["fail-open"],
    kubernetes: cluster ?? undefined,
    events: cluster ?? undefined,
    eventOptions: { burst: values["event-burst"], writesPerSecond: values["event-qps"] },
    registry: { insecure: values["insecure-registry"], maxModuleBytes: mebibytes(values["max-module-size"]) },
    log: (line) => printLine(io.stdout, line),
    onReload: registration
      ? async (report, served) => {
        if (report.loaded.length + report.removed.length === 0) return;
        try {
          for (const line of await registration.register(served)) printLine(io.stdout, line);
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
    if (registration) printLines(io, await registration.unregister());
    await cluster?.close();
    throw new CliError((err as Error).message);
  }
  printLine(io.stdout, `serving ${server.policies.list().length} policies at ${server.url}/validate/<policy-id> (readiness: /readiness, metrics: /metrics)`);
  const unserved = server.policies.unserved.map((p) => p.id);
  if (unserved.length > 0) printLine(io.stdout, `not serving ${unserved.join(", ")} (see above): /readiness answers 503 until they load`);
  printLine(io.stdout, `listening on ${address}:${server.port}${ANY_ADDRESS.has(address) ? " (every interface)" : ""}${registration ? `; the cluster calls ${baseUrl}` : ""}`);
  printLine(io.stdout, cluster ? `cluster: ${cluster.server} (live host capabilities and denial Events)` : "cluster: none (no kubeconfig; kubernetes host capabilities answer with an error, no Events)");
  if (!values["tls-cert"]) printLine(io.stdout, `CA certificate (${resolve(CERT_DIR, "ca.pem")}):\n${cert.ca.trim()}`);
  const ended = await Promise.race([stopSignal().then((signal) => ({ signal })), failure.then((reason) => ({ reason }))]);
  printLine(io.stdout, "signal" in ended ? `${ended.signal}: stopping` : "stopping: the webhooks could not be registered");
  void stopSignal().then((signal) => {
    printLine(io.stdout, `${signal} again: stopping without waiting for the reviews in flight`);
    server.hurry();
  });
  if (registration && !values["keep-registration"]) printLines(io, await registration.unregister());
  else if (registration) printLine(io.stdout, `kept the ${registration.name} webhook configurations (--keep-registration)`);
  await server.close();
  await cluster?.close();
  printLine(io.stdout, "stopped");
  if ("reason" in ended) throw new CliError(ended.reason);
  return 0;
}
