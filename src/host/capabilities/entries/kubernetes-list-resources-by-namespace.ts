import { kubernetesRead } from "./kubernetes-read.ts";
import type { ListByNamespaceRequest } from "../kubernetes-requests.ts";

export const listResourcesByNamespace = kubernetesRead<ListByNamespaceRequest>(
  "list_resources_by_namespace", "KubernetesListResourceNamespace", (source, request) => source.listByNamespace(request),
);
