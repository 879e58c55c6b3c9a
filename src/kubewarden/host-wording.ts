// What policy-server and policy-evaluator say to a policy and about it, word for word
// (crates/policy-evaluator: callback_handler, policy_evaluator; crates/policy-server: the
// admission response), so a policy and its tests read the same text under wardenkit as in a
// cluster. Every host of wardenkit (the V8 host, serve's live cluster, the wasmtime engine's
// driver) takes its sentences from here.

/** Put before every error that comes back through the callback channel. */
export const CALLBACK_FAILURE_PREFIX = "Callback evaluation failure: ";

/** A get_resource of an object that does not exist. */
export function resourceNotFound(apiVersion: string, kind: string, name: string, namespace: string | undefined): string {
  return `Cannot find ${apiVersion}/${kind} named '${name}' inside of namespace '${namespace ?? "None"}'`;
}

/** A Kubernetes read of a kind the policy's contextAwareResources do not list. */
export function contextAwareDenied(apiVersion: string, kind: string): string {
  return `Policy has not been granted access to Kubernetes ${apiVersion}/${kind} resources. The violation has been reported.`;
}

/** A host call outside the capabilities the policy was granted (hostCapabilities). */
export function capabilityDenied(path: string): string {
  return `Policy has not been granted access to the '${path}' host capability. The violation has been reported.`;
}

/** A patch from a policy that is not allowed to mutate: policy-server rejects the request. */
export function mutationRefused(policyId: string): string {
  return `Request rejected by policy ${policyId}. The policy attempted to mutate the request, but it is currently configured to not allow mutations.`;
}
