// Where an object of a built-in kind lives on the API server, for tests that speak to the real
// kube-apiserver by path (adminRequest) rather than through @kubernetes/client-node.
import type { KubernetesObject } from "@kubernetes/client-node";

const RESOURCES: Record<string, { base: string; plural: string }> = {
  Namespace: { base: "/api/v1", plural: "namespaces" },
  ConfigMap: { base: "/api/v1", plural: "configmaps" },
  Secret: { base: "/api/v1", plural: "secrets" },
  Pod: { base: "/api/v1", plural: "pods" },
  Service: { base: "/api/v1", plural: "services" },
  Deployment: { base: "/apis/apps/v1", plural: "deployments" },
  StatefulSet: { base: "/apis/apps/v1", plural: "statefulsets" },
  DaemonSet: { base: "/apis/apps/v1", plural: "daemonsets" },
  Job: { base: "/apis/batch/v1", plural: "jobs" },
  CronJob: { base: "/apis/batch/v1", plural: "cronjobs" },
  ClusterRole: { base: "/apis/rbac.authorization.k8s.io/v1", plural: "clusterroles" },
};

/** The collection an object is created in: namespaced when the object names a namespace. */
export function collectionPath(object: KubernetesObject): string {
  const resource = RESOURCES[object.kind!];
  if (!resource) throw new Error(`no API path is known for kind ${object.kind}`);
  const namespace = object.metadata?.namespace;
  return `${resource.base}${namespace ? `/namespaces/${namespace}` : ""}/${resource.plural}`;
}

export const itemPath = (object: KubernetesObject) => `${collectionPath(object)}/${object.metadata!.name}`;
