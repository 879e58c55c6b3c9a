// What serve answers for one review, from what the worker pool gave back: the policy's own
// answer (its log lines written, a denial recorded as an Event), or, for a review the policy
// could not decide (timed out, failed), a denial that says why (an admission when failing
// open or in monitor mode); every verdict counted.
import { TIMEOUT_MESSAGE, parseReview, reviewBody, undecidedResponse } from "./admission-review.ts";
import { denialSubject } from "./review.ts";
import { HTTP, type Reply } from "./http-routes.ts";
import type { DenialEvents } from "./denial-events.ts";
import type { ServeMetrics } from "./metrics.ts";
import type { ConfigProblem } from "./config.ts";
import type { ServedPolicy } from "./policy-registry.ts";
import type { JobResult } from "./worker-pool.ts";
import type { ReviewOutcome } from "./protocol.ts";

export interface ReplyContext {
  metrics: ServeMetrics;
  /** Where denials go; null when no Events are written. */
  events: DenialEvents | null;
  log(line: string): void;
  /** Allow (with a warning) what a policy could not decide, instead of denying it. */
  failOpen: boolean;
}

/** The 404 for a policy that is not served, saying why when its load failed. */
export function notServed(policyId: string, problems: ConfigProblem[]): Reply {
  const problem = problems.find((p) => p.id === policyId);
  return { status: HTTP.notFound, body: problem ? `policy ${policyId} is not served: ${problem.error}` : `no policy ${policyId} is served` };
}

export class ReviewReplies {
  constructor(private readonly context: ReplyContext) {}

  /** The reply to `body`, reviewed by `policy` with `result`. */
  reply(policy: ServedPolicy, body: Uint8Array, result: JobResult): Reply {
    const { metrics } = this.context;
    if (result.kind === "cancelled") {
      metrics.evaluations.inc({ policy_id: policy.id, verdict: "cancelled", mode: policy.config.mode });
      return { status: HTTP.clientClosed, body: "the client went away before the review was answered" };
    }
    if (result.kind === "timeout") {
      metrics.timeouts.inc({ policy_id: policy.id });
      return this.undecided(policy, body, "timeout", TIMEOUT_MESSAGE);
    }
    if (result.kind === "failed") return this.undecided(policy, body, "error", `internal server error: ${result.error}`);
    return this.answered(policy, result.outcome as ReviewOutcome);
  }

  private answered(policy: ServedPolicy, outcome: ReviewOutcome): Reply {
    const { metrics, events, log } = this.context;
    if (outcome.status === HTTP.badRequest) return { status: HTTP.badRequest, body: outcome.body };
    metrics.evaluations.inc({ policy_id: policy.id, verdict: outcome.verdict, mode: policy.config.mode });
    for (const line of outcome.logs) log(`policy ${policy.id}: ${line}`);
    if (outcome.monitored) log(`policy ${policy.id} (monitor mode) would have answered ${outcome.monitored}`);
    if (outcome.denial) events?.record(policy.id, outcome.denial);
    return { status: HTTP.ok, body: outcome.body };
  }

  /** A review the policy could not decide: denied (or allowed when failing open), and said so. */
  private undecided(policy: ServedPolicy, body: Uint8Array, verdict: "timeout" | "error", reason: string): Reply {
    const { metrics, events, log, failOpen } = this.context;
    metrics.evaluations.inc({ policy_id: policy.id, verdict, mode: policy.config.mode });
    let request;
    try {
      request = parseReview(body);
    } catch (err) {
      return { status: HTTP.badRequest, body: `invalid AdmissionReview: ${(err as Error).message}` };
    }
    log(`policy ${policy.id}: ${reason}`);
    const monitor = policy.config.mode === "monitor";
    const response = undecidedResponse(request.uid, policy.id, reason, failOpen || monitor);
    if (!response.allowed && !request.dryRun) events?.record(policy.id, denialSubject(request, reason));
    return { status: HTTP.ok, body: reviewBody(response) };
  }
}
