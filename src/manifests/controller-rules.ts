// What the Kubewarden controller's admission webhook refuses (api/policies/v1/policy_validation.go)
// and the CRD schema cannot express, checked before a manifest is written.
import type { PolicyMetadata, PolicyRule } from "../wasm/policy-metadata.ts";
import { ManifestError } from "./manifest-error.ts";
import type { ManifestOptions } from "./policy-manifest.ts";
import { webhookRuleProblem } from "./webhook-rules.ts";

/** Schemes policy-fetcher understands; a module without a scheme means registry://. */
const MODULE_SCHEMES = ["registry", "https", "http", "file"];
const FAILURE_POLICIES = ["Ignore", "Fail"];
const WILDCARD_RESOURCES = ["*", "*/*"];
const POLICY_REPORTS = { group: "wgpolicyk8s.io", resource: "policyreports" };

function checkModule(module: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(module)?.[1];
  if (!module.trim()) throw new ManifestError("the module location is empty; give registry://host/repo/policy@sha256:… or :tag");
  if (scheme && !MODULE_SCHEMES.includes(scheme.toLowerCase())) {
    throw new ManifestError(`module ${module} has scheme ${scheme}://, which a policy-server cannot fetch; use ${MODULE_SCHEMES.map((s) => `${s}://`).join(", ")}`);
  }
}

function checkRules(rules: PolicyRule[], policy: string): void {
  if (rules.length === 0) throw new ManifestError(`${policy} declares no rules in its metadata, so no request would ever reach it`);
  for (const rule of rules) {
    for (const field of ["operations", "apiVersions", "resources"] as const) {
      if (!rule[field]?.length || rule[field].includes("")) {
        throw new ManifestError(`${policy} has a rule with an empty ${field} list or entry, which the Kubewarden controller refuses`);
      }
    }
    const problem = webhookRuleProblem(rule);
    if (problem) throw new ManifestError(`${policy} has a rule the API server refuses in a webhook (${problem}), so the policy would never see a request`);
  }
}

/** Kubernetes refuses an AdmissionPolicy that matches every resource of every group or version. */
function matchesEverything(rule: PolicyRule): boolean {
  const anyGroup = rule.apiGroups.includes("*") || rule.apiVersions.includes("*");
  return anyGroup && rule.resources.some((r) => WILDCARD_RESOURCES.includes(r));
}

function targetsPolicyReports(rule: PolicyRule): boolean {
  return rule.apiGroups.includes(POLICY_REPORTS.group) && rule.resources.some((r) => r === POLICY_REPORTS.resource || r.startsWith(`${POLICY_REPORTS.resource}/`));
}

function checkNamespaced(metadata: PolicyMetadata, options: ManifestOptions): void {
  const policy = options.name;
  if (!options.namespace) throw new ManifestError("an AdmissionPolicy lives in a namespace: give one with --namespace");
  if (metadata.contextAwareResources?.length) {
    const kinds = metadata.contextAwareResources.map((r) => `${r.apiVersion}/${r.kind}`).join(", ");
    throw new ManifestError(`${policy} reads ${kinds} from the cluster, which only a ClusterAdmissionPolicy may allow; use --kind ClusterAdmissionPolicy`);
  }
  if (metadata.rules.some(matchesEverything)) {
    throw new ManifestError(`${policy} matches every resource ("*" with "*"), which an AdmissionPolicy may not do; use --kind ClusterAdmissionPolicy`);
  }
  if (metadata.rules.some(targetsPolicyReports)) {
    throw new ManifestError(`${policy} targets ${POLICY_REPORTS.group}/${POLICY_REPORTS.resource}, which an AdmissionPolicy may not do; use --kind ClusterAdmissionPolicy`);
  }
  if (options.excludeNamespaces?.length || options.includeNamespaces?.length) {
    throw new ManifestError("an AdmissionPolicy only sees its own namespace, so it takes no namespace selector; drop --namespace-selector-include/--namespace-selector-exclude");
  }
}

export function checkControllerRules(metadata: PolicyMetadata, options: ManifestOptions): void {
  checkModule(options.module);
  checkRules(metadata.rules ?? [], options.name);
  if (options.mutating === true && !metadata.mutating) {
    throw new ManifestError(`${options.name} is not mutating in its metadata, so it cannot run as a mutating policy`);
  }
  if (options.failurePolicy !== undefined && !FAILURE_POLICIES.includes(options.failurePolicy)) {
    throw new ManifestError(`failurePolicy must be ${FAILURE_POLICIES.join(" or ")}, not ${JSON.stringify(options.failurePolicy)}`);
  }
  if (options.kind === "AdmissionPolicy") checkNamespaced(metadata, options);
  else if (options.namespace) {
    throw new ManifestError("a ClusterAdmissionPolicy is cluster-wide and takes no namespace; drop --namespace or use --kind AdmissionPolicy");
  }
}
