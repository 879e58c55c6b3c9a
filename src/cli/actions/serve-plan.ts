// What serve's flags ask for, decided before anything starts: what is served, where serve
// listens and where the cluster calls it, the serving certificate, the cluster behind the
// kubeconfig (host capabilities and Events) and the webhook registration. A command line
// that cannot work is refused here, before there is anything to close.
import { keylessVerification } from "./keyless-args.ts";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { registryArgs } from "./registry-args.ts";
import type { PullOptions } from "../../oci/pull.ts";
import { moduleVerification } from "../../modules/module-verification.ts";
import { parseSettingsFiles } from "../../serve/config.ts";
import { distFolder, findProject, locateProject } from "../../project/project.ts";
import { certificateFromFiles, localCertificate, type ServingCertificate } from "../../serve/certificates.ts";
import { LiveCluster } from "../../serve/live-cluster.ts";
import { LiveExternalSource } from "../../host/live/live-external-source.ts";
import { findKubeConfig } from "../../cluster/kubeconfig.ts";
import { WebhookRegistration } from "../../serve/webhook-registration.ts";
import { DEFAULT_FAILURE_POLICY } from "../../serve/webhook-configurations.ts";
import { isAnyAddress } from "../../serve/listener.ts";
import type { ConfigSource } from "../../serve/watch-targets.ts";
import type { ServeOptions } from "../../serve/server.ts";
import type { CommandInput } from "../command.ts";
import type { ServeFlags } from "../commands/serve.ts";
import { CliError, UsageError } from "../errors.ts";

type ServeFlagValues = CommandInput<ServeFlags>["flags"];

/** Where the local CA and the certificates it signs are kept. */
const CERT_DIR = ".wardenkit/serve";
const REGISTRATION_FLAGS = ["failure-policy", "namespace", "exclude-namespace", "registration-name", "keep-registration"] as const;

export interface ServePlan {
  /** Where serve listens. */
  address: string;
  /** The URL the cluster calls, with --register; "" without. */
  baseUrl: string;
  certificate: ServingCertificate;
  /** The local CA's file, when the certificate is made here (no --tls-cert). */
  caFile?: string;
  /** The cluster of the kubeconfig, when one is found. */
  cluster: LiveCluster | null;
  /** The webhook configurations pointing the cluster at serve, with --register. */
  registration: WebhookRegistration | null;
  /** The server's options but its log and what follows a reload. */
  server: Omit<ServeOptions, "log" | "onReload">;
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

/** policies.yml, or every module of dist/ with its settings. */
function configSource(values: ServeFlagValues): ConfigSource {
  const files = settingsFiles(values);
  if (values.config !== undefined) return { configPath: values.config, distDir: resolve(values.dist ?? "dist") }; // distDir unused
  // Outside a project, dist mode takes settings from --settings only.
  return { distDir: distFolder(values.dist), distSettings: { policiesDir: locateProject() ? findProject().folders.policies : undefined, files } };
}

/** The registration flags given without --register. */
function strayRegistrationFlag(values: ServeFlagValues): string | undefined {
  return REGISTRATION_FLAGS.find((name) => {
    const value = values[name];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
  });
}

/** Where to listen, the host the cluster reaches serve at, and every name the certificate must cover. */
function addresses(values: ServeFlagValues): { address: string; advertised?: string; hosts: string[] } {
  const address = values.address ?? (values.register ? "0.0.0.0" : "127.0.0.1");
  const advertised = values["advertise-host"] ?? (isAnyAddress(address) ? undefined : address);
  if (values.register && !advertised) throw new UsageError("--register needs --advertise-host: the address the cluster reaches this server at");
  const stray = strayRegistrationFlag(values);
  if (!values.register && stray) throw new UsageError(`--${stray} only applies with --register`);
  const hosts = [...new Set(["localhost", "127.0.0.1", "::1", ...(advertised ? [advertised] : []), ...(isAnyAddress(address) ? [] : [address])])];
  return { address, advertised, hosts };
}

function certificate(values: ServeFlagValues, hosts: string[]): ServingCertificate {
  if (values["tls-cert"] || values["tls-key"]) {
    if (!values["tls-cert"] || !values["tls-key"]) throw new UsageError("--tls-cert and --tls-key go together");
    return certificateFromFiles(values["tls-cert"], values["tls-key"], values["tls-ca"]);
  }
  return localCertificate(resolve(CERT_DIR), hosts);
}

/** How serve reaches registries, as every other command does; --insecure-registry is --insecure's former name. */
export function registryOptions(values: ServeFlagValues): PullOptions {
  return { ...registryArgs(values), insecure: values.insecure || values["insecure-registry"] };
}

export function planServe(values: ServeFlagValues): ServePlan {
  const source = configSource(values);
  const { address, advertised, hosts } = addresses(values);
  const kubeConfig = findKubeConfig(values.kubeconfig);
  if (values.register && !kubeConfig) throw new CliError("--register needs a cluster: no kubeconfig was found");
  const cert = certificate(values, hosts); // the last check: nothing made before it needs closing
  const cluster = kubeConfig ? new LiveCluster(kubeConfig) : null;
  const baseUrl = advertised ? `https://${isIP(advertised) === 6 ? `[${advertised}]` : advertised}:${values.port}` : "";
  const registration = values.register && kubeConfig
    ? new WebhookRegistration(kubeConfig, {
      baseUrl, caPem: cert.ca, name: values["registration-name"], failurePolicy: values["failure-policy"] ?? DEFAULT_FAILURE_POLICY,
      namespaces: { include: nonEmpty(values.namespace), exclude: nonEmpty(values["exclude-namespace"]) },
    })
    : null;
  const registry = registryOptions(values);
  const server: ServePlan["server"] = {
    ...source,
    certificate: cert,
    port: values.port,
    address,
    workers: values.workers,
    policyTimeoutMs: values["policy-timeout"] * 1000,
    maxMemoryMiB: values["max-memory"],
    failOpen: values["fail-open"],
    kubernetes: cluster ?? undefined,
    external: new LiveExternalSource({ registry: { insecure: registry.insecure, caFile: registry.caFile }, trustedRoot: values["trusted-root"] }),
    events: cluster ?? undefined,
    eventOptions: { burst: values["event-burst"], writesPerSecond: values["event-qps"] },
    registry,
    verification: moduleVerification(values["verification-config"], keylessVerification(values["trusted-root"])),
  };
  const caFile = values["tls-cert"] ? undefined : resolve(CERT_DIR, "ca.pem");
  return { address, baseUrl, certificate: cert, caFile, cluster, registration, server };
}

function nonEmpty(list: string[]): string[] | undefined {
  return list.length ? list : undefined;
}
