import { kubernetesRead } from "./kubernetes-read.ts";
import type { GetResourceRequest } from "../kubernetes-requests.ts";

export const getResource = kubernetesRead<GetResourceRequest>(
  "get_resource", "KubernetesGetResource", (source, request) => source.getResource(request),
);
