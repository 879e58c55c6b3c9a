// `kubernetes/can_i`: a SubjectAccessReview, answered by the evaluation's
// KubernetesSource when it can ask a cluster (serve's live cluster); not gated by
// contextAwareResources, as in policy-evaluator.
import type { CapabilityEntry } from "../capability-entry.ts";
import { parseCanIRequest, type CanIRequest } from "../kubernetes-requests.ts";

const encoder = new TextEncoder();

export const canI: CapabilityEntry<CanIRequest> = {
  path: "kubernetes/can_i",
  replayTag: "KubernetesCanI",
  parse: parseCanIRequest,
  hasSource: ({ kubernetes }) => kubernetes?.canI !== undefined,
  answer: (request, { kubernetes }) => encoder.encode(JSON.stringify(kubernetes!.canI!(request))),
};
