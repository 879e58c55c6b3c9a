// Objects tests put into the real API server, standing in for what a full cluster's
// controllers would have made: namespaces with their `default` ServiceAccount (no
// controller-manager runs), the Kubewarden CRDs from deploy/crds, Nodes, Pods and RBAC.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ApiException, KubernetesObjectApi, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { PROJECT } from "./project.ts";
import { adminRequest, type KubeApiServerState } from "./real-kube-api-server.ts";

const POLL_MS = 100;
const CRD_ESTABLISHED_TIMEOUT_MS = 30_000;
export const POLICY_CRD_FILES = ["policies.kubewarden.io_clusteradmissionpolicies.yaml", "policies.kubewarden.io_admissionpolicies.yaml"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  const crd = parse(readFileSync(join(PROJECT.root, file), "utf8")) as KubernetesObject;
  const created = await adminRequest(state.url, state.dir, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
  if (created.status !== 201 && created.status !== 409) throw new Error(`cannot create CRD ${crd.metadata!.name}: ${created.body}`);
  const deadline = Date.now() + CRD_ESTABLISHED_TIMEOUT_MS;
  for (;;) {
    const read = (await api.read({ apiVersion: crd.apiVersion!, kind: crd.kind!, metadata: { name: crd.metadata!.name! } })) as KubernetesObject & {
      status?: { conditions?: { type: string; status: string }[] };
    };
    if (read.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) return;
    if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata!.name} not established after ${CRD_ESTABLISHED_TIMEOUT_MS / 1000}s`);
    await sleep(POLL_MS);
  }
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
