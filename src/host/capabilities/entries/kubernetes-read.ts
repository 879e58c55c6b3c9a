// The shape shared by the three kubernetes reads: the body checked as the real host's
// deserializer checks it, the kind checked against contextAwareResources, the answer
// from the evaluation's KubernetesSource (objects, or serve's live cluster).
import { HostCallError } from "../../guest.ts";
import { contextAwareDenied } from "../../../kubewarden/host-wording.ts";
import type { CapabilityEntry } from "../capability-entry.ts";
import { parseKubernetesRequest, type KubernetesSource } from "../kubernetes-requests.ts";

const encoder = new TextEncoder();

export function kubernetesRead<Request>(
  operation: string,
  replayTag: string,
  read: (source: KubernetesSource, request: Request) => unknown,
): CapabilityEntry<Request> {
  return {
    path: `kubernetes/${operation}`,
    replayTag,
    parse: (payload) => parseKubernetesRequest(operation, payload) as Request,
    check(request, { contextAwareResources: allowed }) {
      const { api_version: apiVersion, kind } = request as { api_version: string; kind: string };
      if (allowed && !allowed.some((r) => r.apiVersion === apiVersion && r.kind === kind)) {
        throw new HostCallError(contextAwareDenied(apiVersion, kind));
      }
    },
    answer(request, { kubernetes }) {
      if (!kubernetes) throw new HostCallError("no Kubernetes cluster is available to this evaluation");
      return encoder.encode(JSON.stringify(read(kubernetes, request)));
    },
  };
}
