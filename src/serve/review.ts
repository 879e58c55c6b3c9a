// One admission review inside a worker: parse the body, run the policy on a
// fresh instance, and shape the answer as policy-server does (monitor mode,
// mutation rules, custom rejection message).
import { InvalidRequestError, type AdmissionRequest } from "../host/admission-request.ts";
import type { PolicyEvaluator } from "../host/evaluator.ts";
import type { KubernetesSource } from "../host/capabilities/kubernetes-requests.ts";
import { parseReview, reviewBody, type ServedResponse } from "./admission-review.ts";
import type { DenialSubject, ReviewJob, ReviewOutcome, Verdict } from "./protocol.ts";

const SHOWN_LOG_LEVELS = new Set(["warning", "warn", "error"]);

function existingUid(request: AdmissionRequest): string | undefined {
  const meta = (o: unknown) => (o as { metadata?: { uid?: unknown } } | undefined)?.metadata;
  const uid = meta(request.oldObject)?.uid ?? (request.operation === "CREATE" ? undefined : meta(request.object)?.uid);
  return typeof uid === "string" ? uid : undefined;
}

export function denialSubject(request: AdmissionRequest, message: string): DenialSubject {
  return {
    message,
    operation: request.operation,
    kind: request.kind,
    name: request.name ?? (request.object as { metadata?: { name?: string } } | undefined)?.metadata?.name,
    namespace: request.namespace,
    uid: existingUid(request),
  };
}

/** spec.message: replaces the policy's message, which moves to details.causes. */
function withCustomMessage(response: ServedResponse, message: string | undefined): ServedResponse {
  if (!message || response.allowed) return response;
  const own = response.status?.message;
  return { ...response, status: { ...response.status, message, ...(own ? { details: { causes: [{ message: own }] } } : {}) } };
}

export function reviewAdmission(evaluator: PolicyEvaluator, job: ReviewJob, kubernetes?: KubernetesSource): ReviewOutcome {
  let request: AdmissionRequest;
  try {
    request = parseReview(job.body);
  } catch (err) {
    if (!(err instanceof InvalidRequestError)) throw err;
    return { kind: "review", status: 400, body: `invalid AdmissionReview: ${err.message}`, logs: [] };
  }
  const evaluation = evaluator.validate(
    request,
    job.settings,
    { kubernetes, contextAwareResources: job.contextAwareResources },
    { mode: "protect", allowedToMutate: job.allowedToMutate, policyId: job.policyId },
  );
  const decided = evaluation.admission;
  const verdict: Verdict = evaluation.error ? "error" : !decided.allowed ? "rejected" : decided.patch ? "mutated" : "accepted";
  const logs = evaluation.logs.filter((l) => SHOWN_LOG_LEVELS.has(l.level)).map((l) => `${l.level}: ${l.message}`);
  if (job.mode === "monitor") {
    // Monitor mode: the would-be decision is only logged; everything is allowed, nothing patched.
    const response: ServedResponse = { uid: request.uid, allowed: true };
    if (decided.warnings) response.warnings = decided.warnings;
    if (decided.auditAnnotations) response.auditAnnotations = decided.auditAnnotations;
    const monitored = decided.allowed ? verdict : `${verdict}: ${decided.status?.message ?? "no message"}`;
    return { kind: "review", status: 200, body: reviewBody(response), verdict, monitored, logs };
  }
  const response = withCustomMessage(decided, job.message);
  const denial = !response.allowed && !request.dryRun ? denialSubject(request, response.status?.message ?? "denied without explanation") : undefined;
  return { kind: "review", status: 200, body: reviewBody(response), verdict, denial, logs };
}
