// The verdict of each policy of a set for one request: matched as the API server does,
// then evaluated as policy-server does (a policy through its module, a group through its
// expression over its members), with monitor mode turning a denial into a warning.
import type { AdmissionResponse } from "../host/admission-response.ts";
import type { AdmissionRequest } from "../host/admission-request.ts";
import type { HostCapabilityOptions } from "../host/capabilities/dispatcher.ts";
import type { SerialisedRequest } from "../host/evaluator.ts";
import { JudgedRequest } from "./judged-request.ts";
import { conditionRefusal } from "./match-conditions.ts";
import { matchPolicy } from "./matching.ts";
import type { LoadedPolicy, PolicyMember } from "./policy-set.ts";
import type { EvaluationContext, Verdict } from "./verdict.ts";

export const MUTATION_IN_GROUP = "mutation is not allowed inside of policy group";

function runMember(member: PolicyMember, request: SerialisedRequest, capabilities: HostCapabilityOptions, options: Parameters<PolicyMember["evaluator"]["validate"]>[3]): AdmissionResponse {
  return member.evaluator.validate(request, member.settings, { ...capabilities, contextAwareResources: member.contextAwareResources }, options).admission;
}

/** policy-server's answer for a policy in protect mode, or for its would-be decision in monitor mode. */
function policyAnswer(policy: LoadedPolicy, request: SerialisedRequest, capabilities: HostCapabilityOptions): AdmissionResponse {
  // In monitor mode policy-server logs the policy's own decision before any mutation rule or custom message.
  const options = policy.mode === "monitor"
    ? { mode: "protect" as const }
    : { mode: "protect" as const, allowedToMutate: policy.mutating, policyId: policy.uniqueName, message: policy.message };
  return runMember(policy.members[0], request, capabilities, options);
}

/** A group: members called as the expression reaches them; a denial lists the denied members. */
function groupAnswer(policy: LoadedPolicy, request: SerialisedRequest, capabilities: HostCapabilityOptions): AdmissionResponse {
  const results = new Map<string, { allowed: boolean; message?: string }>();
  const call = (name: string): boolean => {
    const member = policy.members.find((m) => m.name === name)!;
    const answer = runMember(member, request, capabilities, { mode: "protect" });
    const result = answer.patch ? { allowed: false, message: MUTATION_IN_GROUP } : { allowed: answer.allowed, message: answer.status?.message };
    results.set(name, result);
    return result.allowed;
  };
  const allowed = policy.expression!(call);
  const { uid } = request.request;
  if (allowed) return { uid, allowed };
  const causes = policy.members
    .filter((m) => results.get(m.name)?.allowed === false)
    .map((m) => ({ field: `spec.policies.${m.name}`, message: results.get(m.name)!.message }));
  return { uid, allowed, status: { message: policy.message, details: { causes } } };
}

/** The verdict of one policy; `judged` is built once per object and shared by every policy judging it. */
export function evaluatePolicy(policy: LoadedPolicy, judged: JudgedRequest, context: EvaluationContext, source: string): Verdict {
  const { request, sent } = judged;
  const match = matchPolicy(policy, request, context.namespaces, context.controllerNamespace, source, judged.conditionVariables);
  if ("error" in match) {
    return { policy, result: "fail", message: conditionRefusal(request, match.error) };
  }
  if (!match.matches) return { policy, result: "skip", message: match.reason };
  const capabilities = context.capabilities();
  const answer = policy.expression ? groupAnswer(policy, sent, capabilities) : policyAnswer(policy, sent, capabilities);
  const causes = answer.status?.details?.causes;
  const verdict: Verdict = { policy, result: "pass" };
  if (answer.warnings?.length) verdict.warnings = answer.warnings;
  if (answer.allowed) return verdict;
  return {
    ...verdict,
    result: policy.mode === "monitor" ? "warn" : "fail",
    message: answer.status?.message ?? "denied the request without explanation",
    ...(answer.status?.code !== undefined ? { code: answer.status.code } : {}),
    ...(causes?.length ? { causes } : {}),
  };
}

export function evaluateSet(policies: LoadedPolicy[], request: AdmissionRequest, context: EvaluationContext, source: string): Verdict[] {
  const judged = new JudgedRequest(request);
  return policies.map((policy) => evaluatePolicy(policy, judged, context, source));
}
