// metav1.LabelSelector objects (matchLabels, matchExpressions), as the namespaceSelector
// and objectSelector of a policy carry them; evaluated through the string selectors the
// host's list requests already use.
import { matchesLabelSelector } from "../host/capabilities/selectors.ts";

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

const WITH_VALUES = new Set(["In", "NotIn"]);
const WITHOUT_VALUES = new Set(["Exists", "DoesNotExist"]);

/** The problem with a selector the API server would refuse, or undefined. */
export function selectorProblem(selector: LabelSelector | undefined): string | undefined {
  for (const r of selector?.matchExpressions ?? []) {
    if (WITH_VALUES.has(r.operator) && !r.values?.length) return `operator ${r.operator} on '${r.key}' needs values`;
    if (WITHOUT_VALUES.has(r.operator) && r.values?.length) return `operator ${r.operator} on '${r.key}' takes no values`;
    if (!WITH_VALUES.has(r.operator) && !WITHOUT_VALUES.has(r.operator)) return `'${r.operator}' is not a selector operator (In, NotIn, Exists, DoesNotExist)`;
  }
  return undefined;
}

/** `app=web,tier in (a,b),!legacy` */
export function selectorText(selector: LabelSelector): string {
  const terms = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    if (r.operator === "In") terms.push(`${r.key} in (${r.values!.join(",")})`);
    else if (r.operator === "NotIn") terms.push(`${r.key} notin (${r.values!.join(",")})`);
    else if (r.operator === "Exists") terms.push(r.key);
    else terms.push(`!${r.key}`);
  }
  return terms.join(",");
}

/** An empty or absent selector matches everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  return !selector || matchesLabelSelector(selectorText(selector), labels);
}

/** The label keys a selector reads. */
export function selectorKeys(selector: LabelSelector | undefined): string[] {
  return [...Object.keys(selector?.matchLabels ?? {}), ...(selector?.matchExpressions ?? []).map((r) => r.key)];
}
