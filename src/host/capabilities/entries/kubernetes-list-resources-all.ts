import { kubernetesRead } from "./kubernetes-read.ts";
import type { ListAllRequest } from "../kubernetes-requests.ts";

export const listResourcesAll = kubernetesRead<ListAllRequest>(
  "list_resources_all", "KubernetesListResourceAll", (source, request) => source.listAll(request),
);
