// A ClusterAdmissionPolicyGroup or AdmissionPolicyGroup for several built modules: each
// member's settings vetted by its module, the expression checked as the Kubewarden
// controller checks it, the rules the union of the members' rules unless given, and the
// result vetted by the group CRD's schema.
import { compileGroupExpression } from "../cel/group-expression.ts";
import type { PolicyRule } from "../wasm/policy-metadata.ts";
import { validatePolicyManifest } from "./crd-schema.ts";
import { ManifestError } from "./manifest-error.ts";
import { checkSettings, loadModule, metadataOf, type BuiltModule } from "./module-manifest.ts";
import { POLICIES_API_VERSION, type PolicyGroupKind } from "../kubewarden/policy-kinds.ts";
import { namespaceSelector, withoutUndefined, type PolicyManifest } from "./policy-manifest.ts";

export interface GroupMemberOptions {
  /** The member's name in the expression: `non_root` is called as `non_root()`. */
  name: string;
  /** Its built module: compiled, or the path of its file. */
  wasm: BuiltModule;
  /** Where the policy-server fetches it. */
  module: string;
  settings: unknown;
}

export interface GroupManifestOptions {
  kind: PolicyGroupKind;
  name: string;
  namespace?: string;
  expression: string;
  message: string;
  mode: string;
  policyServer: string;
  includeNamespaces?: string[];
  excludeNamespaces?: string[];
  timeoutSeconds?: number;
  failurePolicy?: string;
  /** The group's rules; by default every rule of every member. */
  rules?: PolicyRule[];
}

/** A member name for a policy name: CEL identifiers have no `-`. */
export function memberNameFor(policy: string): string {
  return policy.replace(/[^A-Za-z0-9_]/g, "_");
}

function unionOfRules(rules: PolicyRule[][]): PolicyRule[] {
  const seen = new Map<string, PolicyRule>();
  for (const rule of rules.flat()) seen.set(JSON.stringify(rule), rule);
  return [...seen.values()];
}

export async function groupManifest(members: GroupMemberOptions[], options: GroupManifestOptions): Promise<PolicyManifest> {
  if (members.length === 0) throw new ManifestError("a policy group needs at least one member policy");
  if (!options.message.trim()) throw new ManifestError("a policy group needs a message (the Kubewarden controller refuses an empty one)");
  const cluster = options.kind === "ClusterAdmissionPolicyGroup";
  if (cluster && options.namespace) throw new ManifestError(`a ${options.kind} is cluster-wide and takes no namespace`);
  if (!cluster && !options.namespace) throw new ManifestError(`an ${options.kind} lives in a namespace: give one with --namespace`);
  const policies: Record<string, unknown> = {};
  const rules: PolicyRule[][] = [];
  for (const member of members) {
    const module = await loadModule(member.wasm);
    const metadata = metadataOf(module, member.wasm);
    if (!cluster && metadata.contextAwareResources?.length) throw new ManifestError(`${member.name} reads the cluster, which only a ClusterAdmissionPolicyGroup may allow`);
    checkSettings(module, member.settings);
    rules.push(metadata.rules);
    policies[member.name] = withoutUndefined({
      module: member.module,
      contextAwareResources: cluster ? metadata.contextAwareResources ?? [] : undefined,
      settings: member.settings ?? {},
    });
  }
  try {
    compileGroupExpression(options.expression, members.map((m) => m.name), `${options.kind} ${options.name}`);
  } catch (err) {
    throw new ManifestError((err as Error).message);
  }
  const manifest: PolicyManifest = {
    apiVersion: POLICIES_API_VERSION,
    kind: options.kind,
    metadata: withoutUndefined({ name: options.name, namespace: options.namespace }),
    spec: withoutUndefined({
      policyServer: options.policyServer,
      mode: options.mode,
      rules: options.rules ?? unionOfRules(rules),
      namespaceSelector: cluster ? namespaceSelector(options.includeNamespaces, options.excludeNamespaces) : undefined,
      failurePolicy: options.failurePolicy,
      timeoutSeconds: options.timeoutSeconds,
      expression: options.expression,
      message: options.message,
      policies,
    }),
  };
  validatePolicyManifest(manifest);
  return manifest;
}
