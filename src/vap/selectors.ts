// A VAP's and its binding's label selectors as the one selector of a Kubewarden policy: both
// must match, so their requirements are joined. matchLabels become In requirements, since the
// Kubewarden controller keeps only matchExpressions of a ClusterAdmissionPolicy's
// namespaceSelector; an empty selector matches everything and is left out.
import type { Selector } from "./vap-objects.ts";

type Requirement = NonNullable<Selector["matchExpressions"]>[number];

function requirements(selector: Selector | undefined): Requirement[] {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({ key, operator: "In", values: [value] }));
  return [...labels, ...(selector?.matchExpressions ?? [])];
}

/** The selector matching what all of `selectors` match, or undefined when that is everything. */
export function joinSelectors(...selectors: (Selector | undefined)[]): Selector | undefined {
  const all = selectors.flatMap(requirements);
  const unique = new Map(all.map((r) => [JSON.stringify(r), r]));
  return unique.size ? { matchExpressions: [...unique.values()] } : undefined;
}
