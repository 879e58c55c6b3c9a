// The suite's expectations as a live cluster shows them, for `make kind-e2e`: each resource
// read from a file is one `kubectl create`, denied by the webhook of the first policy the
// suite expects to fail (with the suite's message pattern), or allowed. So the offline
// suite and the live cluster are checked against one file.
import { isGroupKind } from "../kubewarden/policy-kinds.ts";
import { readPolicyDocuments } from "../manifests/policy-documents.ts";
import { describeLoaded } from "./policy-set.ts";
import type { SuiteFile } from "./suite-file.ts";
import { SuiteError } from "./suite-error.ts";
import { isMalformed } from "./case-result.ts";

export interface AdmissionCheck {
  name: string;
  file: string;
  expected: "allow" | "deny";
  /** The denying policy's webhook, `clusterwide-<name>` or `clusterwide-group-<name>`…; empty when allowed. */
  webhook: string;
  /** The suite's message pattern (a regular expression), or empty. */
  pattern: string;
}


function webhookNames(suite: SuiteFile): Map<string, string> {
  const documents = [...(suite.policyPaths.length ? readPolicyDocuments(suite.policyPaths, "default") : []), ...suite.inlinePolicies];
  const names = new Map<string, string>();
  for (const { object } of documents) {
    const namespace = object.kind.startsWith("Admission") ? object.metadata.namespace ?? "default" : undefined;
    const key = namespace ? `${namespace}/${object.metadata.name}` : object.metadata.name;
    const group = isGroupKind(object.kind) ? "group-" : "";
    const unique = namespace ? `namespaced-${group}${namespace}-${object.metadata.name}` : `clusterwide-${group}${object.metadata.name}`;
    names.set(key, unique);
    names.set(describeLoaded({ kind: object.kind, key }), unique);
  }
  return names;
}

export function admissionChecks(suite: SuiteFile): AdmissionCheck[] {
  // A live check must not be left out silently: a resource that cannot be read stops them all.
  const malformed = suite.entries.find(isMalformed);
  if (malformed) throw new SuiteError(`${suite.path}: ${malformed.name}: ${malformed.problem}`);
  const webhooks = webhookNames(suite);
  return suite.resources
    .filter((r) => r.objects.length === 1 && r.operation === "CREATE" && !r.userInfo && !r.subResource && r.objects[0].source !== r.where)
    .map((r) => {
      const denial = [...r.objects[0].results].find(([, want]) => want.result === "fail");
      if (denial && !webhooks.has(denial[0])) throw new SuiteError(`${r.where}: results name '${denial[0]}', which is not a policy of the suite`);
      return {
        name: r.name,
        file: r.objects[0].source,
        expected: denial ? "deny" : "allow",
        webhook: denial ? webhooks.get(denial[0])! : "",
        // RegExp source writes / as \/; the pattern is printed as the suite gave it.
        pattern: denial?.[1].message?.source.replace(/\\\//g, "/") ?? "",
      };
    });
}

/** One tab-separated line per check: name, file, allow|deny, webhook, pattern. */
export function admissionChecksText(checks: AdmissionCheck[]): string {
  return checks.map((c) => [c.name, c.file, c.expected, c.webhook, c.pattern].join("\t") + "\n").join("");
}
