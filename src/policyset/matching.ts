// Whether the API server would send a request to a policy's webhook: the webhook's rules,
// namespaceSelector (both as the Kubewarden controller writes them), objectSelector and
// matchConditions, in the API server's order.
import type { AdmissionRequest } from "../host/admission-request.ts";
import { webhookNamespaceSelector, webhookRules } from "./controller-webhook.ts";
import { selectorKeys, selectorMatches, type LabelSelector } from "./label-selector.ts";
import { conditionVariables, evaluateConditions, type ConditionVariables } from "./match-conditions.ts";
import { NAMESPACE_NAME_LABEL, type Namespaces } from "./namespaces.ts";
import type { LoadedPolicy } from "./policy-set.ts";
import type { PolicyRule } from "../wasm/policy-metadata.ts";
import { describeRequest, isExemptFromWebhooks, isNamespaceRequest, ruleMatches } from "./rules.ts";
import { SuiteError } from "./suite-error.ts";

export type RulesOutcome = { matches: true } | { matches: false; reason: string };
export type MatchOutcome = RulesOutcome | { error: string };

function labelsOf(object: unknown): Record<string, string> | undefined {
  return (object as { metadata?: { labels?: Record<string, string> } } | undefined)?.metadata?.labels;
}

/** The labels of a namespace a selector reads besides its name, which only a Namespace object gives. */
function namespaceLabelsRead(selector: LabelSelector | undefined): string[] {
  return selectorKeys(selector).filter((key) => key !== NAMESPACE_NAME_LABEL);
}

/** Whether deciding for this policy needs the labels of Namespace objects (so they must be known before any object is checked). */
export function readsNamespaceLabels(policy: LoadedPolicy): boolean {
  return namespaceLabelsRead(webhookNamespaceSelector(policy, "")).length > 0;
}

function namespaceMatches(policy: LoadedPolicy, request: AdmissionRequest, namespaces: Namespaces, controllerNamespace: string, source: string): boolean {
  const selector = webhookNamespaceSelector(policy, controllerNamespace);
  if (isNamespaceRequest(request) && (request.operation === "CREATE" || request.operation === "UPDATE")) {
    return selectorMatches(selector, { ...labelsOf(request.object), [NAMESPACE_NAME_LABEL]: request.name ?? "" });
  }
  if (!request.namespace) return true; // other cluster-scoped objects are never exempted
  const { labels, known } = namespaces.labels(request.namespace);
  const needs = namespaceLabelsRead(selector);
  if (!known && needs.length > 0) {
    throw new SuiteError(`${source}: cannot tell whether ${policy.kind} ${policy.key} applies: its namespaceSelector reads ${needs.join(", ")} of namespace ${request.namespace}, and no Namespace object names it; add one`);
  }
  return selectorMatches(selector, labels);
}

/** The API server's first two questions: is the request sent to webhooks at all, and does a rule take it. */
export function matchRules(rules: PolicyRule[], request: AdmissionRequest): RulesOutcome {
  if (isExemptFromWebhooks(request)) return { matches: false, reason: `the API server sends no ${request.kind.kind} to webhooks` };
  if (!rules.some((rule) => ruleMatches(rule, request))) return { matches: false, reason: `no rule matches ${describeRequest(request)}` };
  return { matches: true };
}

/** `variables` gives the request's matchConditions variables, when they are kept for several policies. */
export function matchPolicy(
  policy: LoadedPolicy, request: AdmissionRequest, namespaces: Namespaces, controllerNamespace: string, source: string,
  variables: () => ConditionVariables = () => conditionVariables(request),
): MatchOutcome {
  const byRules = matchRules(webhookRules(policy), request);
  if (!byRules.matches) {
    const unscoped = !isExemptFromWebhooks(request) && policy.rules.some((rule) => ruleMatches(rule, request));
    return unscoped ? { matches: false, reason: `an ${policy.kind} only sees namespaced objects (the controller scopes its rules Namespaced)` } : byRules;
  }
  if (!namespaceMatches(policy, request, namespaces, controllerNamespace, source)) {
    const reason = policy.namespace === undefined ? `namespaceSelector excludes namespace ${request.namespace ?? request.name}` : `an ${policy.kind} only sees namespace ${policy.namespace}`;
    return { matches: false, reason };
  }
  // An absent object (the old object of a CREATE) matches no selector.
  const objectMatches = (object: unknown) => object != null && selectorMatches(policy.objectSelector, labelsOf(object));
  if (policy.objectSelector && !objectMatches(request.object) && !objectMatches(request.oldObject)) {
    return { matches: false, reason: "objectSelector matches neither the object nor the old object" };
  }
  return evaluateConditions(policy.conditions, variables, policy.failurePolicy);
}
