// Loads the kubeconfig the way kubectl finds it (KUBECONFIG, else ~/.kube/config) and
// says clearly when there is none, instead of silently falling back to localhost:8080.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { ClusterError } from "./errors.ts";
import { KeepAliveKubeConfig } from "./keep-alive-kubeconfig.ts";

export interface LoadedKubeConfig {
  config: KubeConfig;
  context: string;
  /** The API server URL of the current context. */
  server: string;
}

function kubeconfigFiles(env: NodeJS.ProcessEnv): string[] {
  const fromEnv = (env.KUBECONFIG ?? "").split(delimiter).filter(Boolean);
  return fromEnv.length ? fromEnv : [join(homedir(), ".kube", "config")];
}

/** Whether kubectl would find a kubeconfig (KUBECONFIG, else ~/.kube/config). */
export function hasKubeConfig(env: NodeJS.ProcessEnv = process.env): boolean {
  return kubeconfigFiles(env).some((f) => existsSync(f));
}

/**
 * For commands that also work without a cluster: an explicit file, else
 * kubectl's lookup, else the pod's service account, else null.
 */
export function findKubeConfig(path?: string, env: NodeJS.ProcessEnv = process.env): KubeConfig | null {
  if (path) {
    if (!existsSync(path)) throw new ClusterError(`kubeconfig ${path} does not exist`);
    return loadKubeConfig({ KUBECONFIG: path }).config;
  }
  if (hasKubeConfig(env)) return loadKubeConfig(env).config;
  if (!env.KUBERNETES_SERVICE_HOST) return null;
  const config = new KeepAliveKubeConfig();
  config.loadFromCluster();
  return config;
}

export function loadKubeConfig(env: NodeJS.ProcessEnv = process.env): LoadedKubeConfig {
  const files = kubeconfigFiles(env).filter((f) => existsSync(f));
  if (!files.length) {
    const where = env.KUBECONFIG ? `KUBECONFIG (${env.KUBECONFIG})` : "~/.kube/config";
    throw new ClusterError(`no kubeconfig found at ${where}; create a cluster (make kind-up) or point KUBECONFIG at one`);
  }
  const config = new KeepAliveKubeConfig();
  try {
    config.loadFromFile(files[0]);
    for (const file of files.slice(1)) {
      const more = new KubeConfig();
      more.loadFromFile(file);
      config.mergeConfig(more);
    }
  } catch (err) {
    throw new ClusterError(`cannot read the kubeconfig ${files.join(", ")}: ${(err as Error).message}`);
  }
  const context = config.getCurrentContext();
  const cluster = config.getCurrentCluster();
  if (!context || !cluster) throw new ClusterError(`the kubeconfig ${files.join(", ")} has no current context; run kubectl config use-context <name>`);
  return { config, context, server: cluster.server };
}

/** The kubeconfig at `path` (else as kubectl finds it), with `context` as its current context when given. */
export function kubeConfigFor(path?: string, context?: string): LoadedKubeConfig {
  if (path !== undefined && !existsSync(path)) throw new ClusterError(`kubeconfig ${path} does not exist`);
  const loaded = loadKubeConfig(path === undefined ? process.env : { KUBECONFIG: path });
  if (context === undefined) return loaded;
  if (!loaded.config.getContextObject(context)) {
    throw new ClusterError(`the kubeconfig has no context ${context} (it has ${loaded.config.getContexts().map((c) => c.name).join(", ") || "none"})`);
  }
  loaded.config.setCurrentContext(context);
  return { config: loaded.config, context, server: loaded.config.getCurrentCluster()?.server ?? "" };
}
