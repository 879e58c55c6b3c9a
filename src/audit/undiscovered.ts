// A group version the API server lists but whose resources it cannot name (an aggregated API
// whose service is down, a CRD version being removed): the resources a policy's rules take
// there are unknown, so none of them can be listed or judged. Every policy whose webhook rules
// take a CREATE in that group version, whatever the resource, gets one `error` result saying
// so; nothing it would have judged there passes unseen.
import type { AdmissionRequest } from "../host/admission-request.ts";
import { webhookRules } from "../policyset/controller-webhook.ts";
import { ruleMatches } from "../policyset/rules.ts";
import type { PolicyRule } from "../wasm/policy-metadata.ts";
import type { AuditPolicy } from "./audit-policies.ts";
import type { AuditResult } from "./audit-result.ts";
import { apiVersionOf } from "./cluster-reader.ts";

/** A group version whose discovery failed, and why. */
export interface UndiscoveredGroupVersion {
  group: string;
  version: string;
  reason: string;
}

// Every resource name taken as possible: `pods` becomes `*`, `pods/status` `*/status` (a
// subresource, never listed, so still not taken).
function anyResource(rule: PolicyRule): PolicyRule {
  const resources = (rule.resources ?? []).map((entry) => `*${entry.includes("/") ? entry.slice(entry.indexOf("/")) : ""}`);
  return { ...rule, resources, scope: "*" };
}

/** Whether a rule of the policy could select a listed resource of the group version. */
function mayTake(policy: AuditPolicy, gv: UndiscoveredGroupVersion): boolean {
  const request: AdmissionRequest = {
    uid: "", operation: "CREATE", userInfo: {},
    kind: { group: gv.group, version: gv.version, kind: "" },
    resource: { group: gv.group, version: gv.version, resource: "unknown" },
  };
  const rules = webhookRules({ namespace: policy.described.namespace, rules: policy.rules, allowInsideAdmissionControllerNamespace: false });
  return rules.some((rule) => ruleMatches(anyResource(rule), request));
}

/** One `error` per policy whose rules take the group version, on every object of it (kind, resource and name `*`). */
export function undiscoveredResults(policies: AuditPolicy[], undiscovered: UndiscoveredGroupVersion[]): AuditResult[] {
  return undiscovered.flatMap((gv) => {
    const apiVersion = apiVersionOf(gv);
    const message = `the resources of ${apiVersion} cannot be discovered, so none of its objects were evaluated: ${gv.reason}`;
    return policies.filter((p) => mayTake(p, gv)).map((p): AuditResult => ({
      policy: p.described, outcome: "error", message,
      resource: { apiVersion, kind: "*", resource: "*", name: "*", ...(p.described.namespace ? { namespace: p.described.namespace } : {}) },
    }));
  });
}
