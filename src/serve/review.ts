// One admission review inside a worker: parse the body, run the policy on a
// fresh instance, and shape the answer as policy-server does (monitor mode,
// mutation rules, custom rejection message).
import { InvalidRequestError, type AdmissionRequest } from "../host/admission-request.ts";
import type { PolicyEvaluator } from "../host/evaluator.ts";
import type { BridgedSources } from "./kubernetes-bridge.ts";
import { monitored } from "../host/admission-response.ts";
import { HostCapabilityAllowList } from "../host/capabilities/allow-list.ts";
import { parseReview, reviewBody } from "./admission-review.ts";
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

/** Allow lists by their patterns: a policy's list is parsed once, not on every review. */
const allowLists = new Map<string, HostCapabilityAllowList>();
function allowList(patterns: string[]): HostCapabilityAllowList {
  const key = patterns.join("\n");
  let list = allowLists.get(key);
  if (!list) allowLists.set(key, (list = HostCapabilityAllowList.parse(patterns)));
  return list;
}

export function reviewAdmission(evaluator: PolicyEvaluator, job: ReviewJob, { kubernetes, external }: BridgedSources = {}): ReviewOutcome {
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
    { kubernetes, external, contextAwareResources: job.contextAwareResources, hostCapabilities: allowList(job.hostCapabilities) },
    // Decided as in protect mode, so that monitor mode can log what would have happened.
    { mode: "protect", allowedToMutate: job.allowedToMutate, policyId: job.policyId, message: job.message },
  );
  const decided = evaluation.admission;
  const verdict: Verdict = evaluation.error ? "error" : !decided.allowed ? "rejected" : decided.patch ? "mutated" : "accepted";
  const logs = evaluation.logs.filter((l) => SHOWN_LOG_LEVELS.has(l.level)).map((l) => `${l.level}: ${l.message}`);
  if (job.mode === "monitor") {
    const wouldBe = decided.allowed ? verdict : `${verdict}: ${decided.status?.message ?? "no message"}`;
    return { kind: "review", status: 200, body: reviewBody(monitored(decided)), verdict, monitored: wouldBe, logs };
  }
  const denial = !decided.allowed && !request.dryRun ? denialSubject(request, decided.status?.message ?? "denied without explanation") : undefined;
  return { kind: "review", status: 200, body: reviewBody(decided), verdict, denial, logs };
}
