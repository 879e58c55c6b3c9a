// What one bound VAP becomes as a Kubewarden policy, before any code is generated: its kind
// and namespace, rules, selectors, match conditions, mode, failure policy and settings. The
// mapping is docs/vap.md's; each refusal names the field and says why.
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import type { PolicyKind } from "../kubewarden/policy-kinds.ts";
import type { PolicyRule } from "../wasm/policy-metadata.ts";
import { parseCel, walkCel } from "../cel/cel-ast.ts";
import type { BoundVap } from "./bind-vaps.ts";
import { excludeConditions } from "./exclude-conditions.ts";
import { policyRules } from "./match-rules.ts";
import { joinSelectors } from "./selectors.ts";
import { VapInputError, type MatchCondition, type Selector } from "./vap-objects.ts";

export interface PolicyPlan {
  name: string;
  kind: PolicyKind;
  /** An AdmissionPolicy's namespace. */
  namespace?: string;
  rules: PolicyRule[];
  namespaceSelector?: Selector;
  objectSelector?: Selector;
  matchConditions: MatchCondition[];
  matchPolicy: string;
  mode: "protect" | "monitor";
  failurePolicy: "Fail" | "Ignore";
  /** `{params: <the parameter object>}`, or {} when the policy has none: the module reads `params` from its settings. */
  settings: { params?: KubernetesObject };
  /** What the policy does differently from the VAP, for the person running the command. */
  notes: string[];
}

const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
/** Variables a webhook's match condition does not have. */
const VAP_ONLY_VARIABLES = ["params", "namespaceObject", "variables"];

/** The VAP's own match conditions, which become the policy's: only those a webhook can evaluate. */
function vapConditions(conditions: MatchCondition[] | undefined, where: string): MatchCondition[] {
  return (conditions ?? []).map((condition, i) => {
    const at = `${where}: spec.matchConditions[${i}] (${condition.name})`;
    if (typeof condition.expression !== "string") throw new VapInputError(`${at}: expression must be a string`);
    const parsed = parseCel(condition.expression);
    if ("error" in parsed) throw new VapInputError(`${at} is not valid CEL: ${parsed.error}`);
    const used = new Set<string>();
    walkCel(parsed.expr, (node) => {
      if (node.exprKind.case === "identExpr") used.add(node.exprKind.value.name);
    });
    const vapOnly = VAP_ONLY_VARIABLES.find((name) => used.has(name));
    if (vapOnly) throw new VapInputError(`${at} reads ${vapOnly}, which a Kubewarden policy's match conditions (evaluated by the API server before the webhook) do not have`);
    return { name: condition.name, expression: condition.expression };
  });
}

/** The one namespace a selector pins by its name label, if that is all it says. */
function pinnedNamespace(selector: Selector | undefined): string | undefined {
  const only = selector?.matchExpressions?.length === 1 ? selector.matchExpressions[0] : undefined;
  return only?.key === NAMESPACE_NAME_LABEL && only.operator === "In" && only.values?.length === 1 ? only.values[0] : undefined;
}

function modeOf(actions: string[]): { mode: PolicyPlan["mode"]; notes: string[] } {
  if (actions.includes("Deny")) {
    const notes = actions.includes("Audit") ? ["validationActions Audit: the API server's audit annotation is not written; Kubewarden logs denials instead"] : [];
    return { mode: "protect", notes };
  }
  return { mode: "monitor", notes: [`validationActions ${actions.join(", ")} becomes mode monitor: policy-server logs what it would deny and admits the request, without the API server's warning or audit annotation`] };
}

function checkMatchPolicy(vap: string | undefined, binding: string | undefined, bindingHasRules: boolean, where: string): string {
  const policy = vap ?? "Equivalent";
  if (bindingHasRules && (binding ?? "Equivalent") !== policy) {
    throw new VapInputError(`${where}: spec.matchResources.matchPolicy ${binding ?? "Equivalent"} differs from the policy's ${policy}; one Kubewarden policy has one matchPolicy`);
  }
  return policy;
}

/**
 * The plan as a ClusterAdmissionPolicy pinned to its namespace by a selector: for a policy that
 * reads the cluster (namespaceObject), which only a ClusterAdmissionPolicy may do.
 */
export function clusterWide(plan: PolicyPlan): PolicyPlan {
  if (plan.kind === "ClusterAdmissionPolicy") return plan;
  return {
    ...plan, kind: "ClusterAdmissionPolicy", namespace: undefined,
    rules: plan.rules.map((rule) => ({ ...rule, scope: "Namespaced" })),
    namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [plan.namespace!] }] },
  };
}

export function planPolicy(bound: BoundVap): PolicyPlan {
  const vap = bound.policy.object, binding = bound.binding?.object;
  const where = { vap: `${bound.policy.source} (ValidatingAdmissionPolicy ${vap.metadata.name})`, binding: bound.binding ? `${bound.binding.source} (ValidatingAdmissionPolicyBinding ${binding!.metadata.name})` : "" };
  const constraints = vap.spec.matchConstraints!, resources = binding?.spec.matchResources;
  const rules = policyRules(constraints.resourceRules!, resources?.resourceRules, where);
  const matchConditions = [
    ...excludeConditions(constraints.excludeResourceRules, `${where.vap}: spec.matchConstraints`, "vap"),
    ...excludeConditions(resources?.excludeResourceRules, `${where.binding}: spec.matchResources`, "binding"),
    ...vapConditions(vap.spec.matchConditions, where.vap),
  ];
  const { mode, notes } = modeOf(binding?.spec.validationActions ?? ["Deny"]);
  if (!binding) notes.push("no binding was given: the policy applies to every request its matchConstraints match, with validationActions [Deny]");
  const namespaceSelector = joinSelectors(constraints.namespaceSelector, resources?.namespaceSelector);
  const namespace = pinnedNamespace(namespaceSelector);
  const namespaced = namespace !== undefined && rules.every((rule) => rule.scope === "Namespaced");
  return {
    name: bound.name,
    kind: namespaced ? "AdmissionPolicy" : "ClusterAdmissionPolicy",
    namespace: namespaced ? namespace : undefined,
    rules: namespaced ? rules.map(({ scope: _, ...rule }) => rule) : rules,
    namespaceSelector: namespaced ? undefined : namespaceSelector,
    objectSelector: joinSelectors(constraints.objectSelector, resources?.objectSelector),
    matchConditions,
    matchPolicy: checkMatchPolicy(constraints.matchPolicy, resources?.matchPolicy, !!resources?.resourceRules?.length, where.binding),
    mode,
    failurePolicy: vap.spec.failurePolicy === "Ignore" ? "Ignore" : "Fail",
    settings: bound.params ? { params: bound.params } : {},
    notes,
  };
}
