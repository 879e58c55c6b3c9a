// excludeResourceRules as match conditions. A Kubewarden policy's rules can only include, so
// each excluded rule becomes a condition that is false for the requests it names, written
// over the `request` variable every webhook match condition has: the operation, the
// resource's group, version and name, and the subresource, compared as the API server's rule
// matcher compares them (k8s.io/apiserver admission/plugin/webhook/predicates/rules). An
// excluded rule with a scope other than "*" is refused: whether a request is namespaced
// depends on a field a condition cannot read the same way on every path.
import { VapInputError, type MatchCondition, type ResourceRule } from "./vap-objects.ts";
import { checkedRule } from "./match-rules.ts";

const ANY = "*";

const quoted = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** `field in ['a', 'b']`, or nothing when the list has "*". */
function oneOf(field: string, values: string[]): string | undefined {
  if (values.includes(ANY)) return undefined;
  return values.length === 1 ? `${field} == ${quoted(values[0])}` : `${field} in [${values.map(quoted).join(", ")}]`;
}

function resourceTest(entry: string): string | undefined {
  const slash = entry.indexOf("/");
  const [resource, sub] = slash < 0 ? [entry, ""] : [entry.slice(0, slash), entry.slice(slash + 1)];
  const parts = [
    resource === ANY ? undefined : `request.resource.resource == ${quoted(resource)}`,
    // subResource is left out of a request without one, and reading an absent field is an error.
    sub === ANY ? undefined : sub === "" ? "(!has(request.subResource) || request.subResource == '')" : `(has(request.subResource) && request.subResource == ${quoted(sub)})`,
  ].filter((p): p is string => p !== undefined);
  return parts.length ? parts.join(" && ") : undefined;
}

/** True for the requests the rule names. */
function ruleExpression(rule: ReturnType<typeof checkedRule>): string {
  const resources = rule.resources.map(resourceTest);
  const anyResource = resources.some((r) => r === undefined);
  const tests = [
    oneOf("request.operation", rule.operations),
    oneOf("request.resource.group", rule.apiGroups),
    oneOf("request.resource.version", rule.apiVersions),
    anyResource ? undefined : resources.length === 1 ? resources[0] : resources.map((r) => `(${r})`).join(" || "),
  ].filter((t): t is string => t !== undefined);
  return tests.length === 0 ? "true" : tests.map((t) => (t.includes("||") ? `(${t})` : t)).join(" && ");
}

/** One condition per excluded rule, named after where it came from. */
export function excludeConditions(rules: ResourceRule[] | undefined, where: string, prefix: string): MatchCondition[] {
  return (rules ?? []).map((rule, i) => {
    const at = `${where}.excludeResourceRules[${i}]`;
    const checked = checkedRule(rule, at);
    if (checked.scope !== ANY) {
      throw new VapInputError(`${at}.scope ${checked.scope}: an excluded rule becomes a match condition, which cannot tell a namespaced request from a cluster-wide one as the API server's rules do; drop the scope or narrow the rule by resource`);
    }
    return { name: `${prefix}-exclude-${i}`, expression: `!(${ruleExpression(checked)})` };
  });
}
