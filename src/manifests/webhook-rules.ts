// What the API server refuses in the rules of a webhook configuration (k8s.io/kubernetes
// pkg/apis/admissionregistration/validation: validateRule, validateResources). The
// Kubewarden controller copies a policy's rules into its webhook unchecked, so a policy
// with such a rule is accepted, yet its webhook is never created and it sees nothing.
import type { PolicyRule } from "../wasm/policy-metadata.ts";

const ANY = "*";

function listProblem(list: string[] | undefined, field: string, what: string): string | undefined {
  return (list?.length ?? 0) > 1 && list!.includes(ANY) ? `${field}: if '*' is present, must not specify other ${what}` : undefined;
}

/** validateResources, check for check, in its order. */
function resourcesProblem(resources: string[]): string | undefined {
  const resourcesWithAnySubresource = new Set<string>();
  const subresourcesOfAnyResource = new Set<string>();
  let doubleWildcard = false, singleWildcard = false, resourceWithoutSubresource = false;
  for (const entry of resources) {
    if (entry === "*/*") doubleWildcard = true;
    if (entry === ANY) singleWildcard = true;
    const slash = entry.indexOf("/");
    if (slash < 0) {
      // Kubernetes assigns rather than accumulates here: only the last such entry counts.
      resourceWithoutSubresource = entry !== ANY;
      continue;
    }
    const resource = entry.slice(0, slash), subresource = entry.slice(slash + 1);
    if (resourcesWithAnySubresource.has(resource)) return `resources: if '${resource}/*' is present, must not specify ${entry}`;
    if (subresourcesOfAnyResource.has(subresource)) return `resources: if '*/${subresource}' is present, must not specify ${entry}`;
    if (subresource === ANY) resourcesWithAnySubresource.add(resource);
    if (resource === ANY) subresourcesOfAnyResource.add(subresource);
  }
  if (resources.length > 1 && doubleWildcard) return "resources: if '*/*' is present, must not specify other resources";
  if (singleWildcard && resourceWithoutSubresource) return "resources: if '*' is present, must not specify other resources without subresources";
  return undefined;
}

/** Why the API server would refuse this rule in a webhook, or undefined. */
export function webhookRuleProblem(rule: PolicyRule): string | undefined {
  return listProblem(rule.apiGroups, "apiGroups", "API groups")
    ?? listProblem(rule.apiVersions, "apiVersions", "API versions")
    ?? resourcesProblem(rule.resources ?? []);
}
