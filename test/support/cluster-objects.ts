// Objects tests put into the real API server, standing in for what a full cluster's
// controllers would have made: namespaces with their `default` ServiceAccount (no
// controller-manager runs), the Kubewarden CRDs from deploy/crds, Nodes, Pods and RBAC.
import { join } from "node:path";
import { ApiException, KubernetesObjectApi, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { PROJECT } from "./project.ts";
import { installCrdFile, type KubeApiServerState } from "../../tools/kube-control-plane.ts";

export const POLICY_CRD_FILES = ["policies.kubewarden.io_clusteradmissionpolicies.yaml", "policies.kubewarden.io_admissionpolicies.yaml"];

export function objectApi(kubeConfig: KubeConfig): KubernetesObjectApi {
  return KubernetesObjectApi.makeApiClient(kubeConfig);
}

/** Creates the object, or leaves the existing one alone (409). */
export async function ensure(api: KubernetesObjectApi, object: KubernetesObject): Promise<void> {
  try {
    await api.create(object);
  } catch (err) {
    if (!(err instanceof ApiException && err.code === 409)) throw err;
  }
}

/** A namespace and its `default` ServiceAccount, which pods need to be admitted. */
export async function createNamespace(api: KubernetesObjectApi, name: string, labels: Record<string, string> = {}): Promise<void> {
  await ensure(api, { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
  await ensure(api, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: name } });
}

/** Creates the CRD in `file` (relative to the project) unless it exists, and waits until it is served. */
export async function installCrd(state: KubeApiServerState, api: KubernetesObjectApi, file: string): Promise<void> {
  await installCrdFile(state, api, join(PROJECT.root, file));
}

/** The Kubewarden policy CRDs as shipped in deploy/crds. */
export async function installPolicyCrds(state: KubeApiServerState, api: KubernetesObjectApi): Promise<void> {
  for (const file of POLICY_CRD_FILES) await installCrd(state, api, join("deploy/crds", file));
}

export function node(name: string, labels: Record<string, string> = {}): KubernetesObject {
  return { apiVersion: "v1", kind: "Node", metadata: { name, labels } };
}

export function pod(namespace: string, name: string, extra: { labels?: Record<string, string>; nodeName?: string; runAsNonRoot?: boolean } = {}): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: extra.labels ?? {} },
    spec: {
      ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
      ...(extra.runAsNonRoot === undefined ? {} : { securityContext: { runAsNonRoot: extra.runAsNonRoot } }),
      containers: [{ name: "app", image: "registry.example/app:1" }],
    },
  } as KubernetesObject;
}

/** The message of an API error as kubectl prints it after "Error from server". */
export function apiMessage(err: unknown): string {
  if (!(err instanceof ApiException)) throw err;
  const body = typeof err.body === "string" ? JSON.parse(err.body) : err.body;
  return (body as { message: string }).message;
}
