// Whether the cluster would send a request to a policy at all: its metadata's rules, matched
// by the policy set's own matcher as the API server matches a webhook's rules.
import type { AdmissionRequest } from "../host/admission-request.ts";
import type { PolicyMetadata } from "../wasm/policy-metadata.ts";
import { matchRules } from "../policyset/matching.ts";
import { describeRequest } from "../policyset/rules.ts";

/** Why the cluster would not send `request` to `policy`, or undefined when it would (or no metadata says). */
export function notSentReason(metadata: PolicyMetadata | null, policy: string, request: AdmissionRequest): string | undefined {
  if (!metadata) return undefined;
  const outcome = matchRules(metadata.rules ?? [], request);
  return outcome.matches ? undefined : `the cluster would not send this request to ${policy}: ${outcome.reason}`;
}

/** What is wrong with a case's `expect.sent` (true unless given) against the policy's rules; empty when it agrees. */
export function sendingFailures(metadata: PolicyMetadata | null, policy: string, request: AdmissionRequest, expectSent: boolean | undefined): string[] {
  if (!metadata) return expectSent === undefined ? [] : [`expect.sent cannot be checked: the module of ${policy} has no metadata, so no rules say which requests it is sent`];
  const reason = notSentReason(metadata, policy, request);
  if (reason && expectSent !== false) return [reason];
  if (!reason && expectSent === false) return [`expected the cluster not to send this request to ${policy}, but a rule matches ${describeRequest(request)}`];
  return [];
}
