// The rules of the Kubewarden policy from a VAP's matchConstraints and its binding's
// matchResources. The API server sends a request through a binding only when both match it
// (k8s.io/apiserver admission/plugin/policy/matching: Matches, run once for the policy and
// once for the binding), so the policy's rules are the pairwise intersections of the two
// lists; a binding without resourceRules matches every request its policy matches.
import type { PolicyRule } from "../wasm/policy-metadata.ts";
import { VapInputError, type ResourceRule } from "./vap-objects.ts";

const ANY = "*";
const SCOPES = ["*", "Cluster", "Namespaced"];

/** Two lists where "*" means anything: what both accept, or [] when nothing. */
function intersectList(a: string[], b: string[]): string[] {
  if (a.includes(ANY)) return b;
  if (b.includes(ANY)) return a;
  return a.filter((item) => b.includes(item));
}

/** `pods/status` → ["pods", "status"]; a resource without subresource has "". */
function splitResource(entry: string): [string, string] {
  const slash = entry.indexOf("/");
  return slash < 0 ? [entry, ""] : [entry.slice(0, slash), entry.slice(slash + 1)];
}

/** One part of a resource entry; "*" matches anything, and as a subresource also none (rules.Matcher.resource). */
function intersectPart(a: string, b: string): string | undefined {
  if (a === ANY) return b;
  if (b === ANY) return a;
  return a === b ? a : undefined;
}

/** Entries matching what an entry of `a` and an entry of `b` both match. */
function intersectResources(a: string[], b: string[]): string[] {
  const out = new Set<string>();
  for (const left of a) {
    for (const right of b) {
      const [leftResource, leftSub] = splitResource(left), [rightResource, rightSub] = splitResource(right);
      const resource = intersectPart(leftResource, rightResource), sub = intersectPart(leftSub, rightSub);
      if (resource !== undefined && sub !== undefined) out.add(sub ? `${resource}/${sub}` : resource);
    }
  }
  // "*" alone already covers every resource without subresource.
  return out.has(ANY) ? [ANY, ...[...out].filter((r) => r.includes("/"))] : [...out];
}

function intersectScope(a: string, b: string): string | undefined {
  return intersectPart(a, b);
}

const FIELDS = ["operations", "apiGroups", "apiVersions", "resources"] as const;

/** A rule as both sides read it, checked: every list given, no resourceNames, a known scope. */
export function checkedRule(rule: ResourceRule, where: string): Required<Omit<ResourceRule, "resourceNames">> {
  for (const field of FIELDS) {
    const list = rule[field];
    if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === "string")) {
      throw new VapInputError(`${where}.${field} must be a non-empty list of strings`);
    }
  }
  if (rule.resourceNames?.length) {
    throw new VapInputError(`${where}.resourceNames: a Kubewarden policy's rules cannot name objects; match on the name in a matchCondition or in the validation instead`);
  }
  const scope = rule.scope ?? ANY;
  if (!SCOPES.includes(scope)) throw new VapInputError(`${where}.scope must be ${SCOPES.join(", ")}, not ${JSON.stringify(scope)}`);
  return { operations: rule.operations!, apiGroups: rule.apiGroups!, apiVersions: rule.apiVersions!, resources: rule.resources!, scope };
}

function intersectRule(a: ReturnType<typeof checkedRule>, b: ReturnType<typeof checkedRule>): PolicyRule | undefined {
  const rule = {
    apiGroups: intersectList(a.apiGroups, b.apiGroups),
    apiVersions: intersectList(a.apiVersions, b.apiVersions),
    resources: intersectResources(a.resources, b.resources),
    operations: intersectList(a.operations, b.operations),
  };
  const scope = intersectScope(a.scope, b.scope);
  if (scope === undefined || Object.values(rule).some((list) => list.length === 0)) return undefined;
  return scope === ANY ? rule : { ...rule, scope };
}

/** The policy's rules: the VAP's, narrowed by the binding's when it has any. */
export function policyRules(vapRules: ResourceRule[], bindingRules: ResourceRule[] | undefined, where: { vap: string; binding: string }): PolicyRule[] {
  const left = vapRules.map((rule, i) => checkedRule(rule, `${where.vap}: spec.matchConstraints.resourceRules[${i}]`));
  if (!bindingRules?.length) return left.map((rule) => intersectRule(rule, rule)!);
  const right = bindingRules.map((rule, i) => checkedRule(rule, `${where.binding}: spec.matchResources.resourceRules[${i}]`));
  const rules = left.flatMap((l) => right.map((r) => intersectRule(l, r)).filter((rule): rule is PolicyRule => rule !== undefined));
  if (rules.length === 0) {
    throw new VapInputError(`${where.binding}: spec.matchResources.resourceRules and the policy's matchConstraints have no request in common, so the binding would never apply`);
  }
  const unique = new Map(rules.map((rule) => [JSON.stringify(rule), rule]));
  return [...unique.values()];
}
