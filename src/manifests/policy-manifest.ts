// Builds a ClusterAdmissionPolicy or AdmissionPolicy (policies.kubewarden.io/v1) for a
// module from its embedded metadata, as `kwctl scaffold manifest` does, plus the options
// a user sets on the command line.
import type { PolicyMetadata } from "../wasm/policy-metadata.ts";
import { POLICIES_API_VERSION, type PolicyGroupKind, type PolicyKind } from "../kubewarden/policy-kinds.ts";
import { checkControllerRules } from "./controller-rules.ts";

/** The CRD defaults, written out so the manifest says what it does. */
export const DEFAULT_MODE = "protect";
export const DEFAULT_POLICY_SERVER = "default";

/** Metadata annotations that kwctl scaffold copies onto the policy (kubectl shows them as columns). */
export const COPIED_ANNOTATIONS = ["io.kubewarden.policy.severity", "io.kubewarden.policy.category"];
/** The label every namespace carries with its own name; the controller merges only matchExpressions. */
const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export interface ManifestOptions {
  kind: PolicyKind;
  name: string;
  /** Required for an AdmissionPolicy, refused for a ClusterAdmissionPolicy. */
  namespace?: string;
  /** Where the policy-server fetches the module: registry://…, https://…, http://… or file://…. */
  module: string;
  settings: unknown;
  /** protect or monitor; the CRD schema has the last word. */
  mode: string;
  policyServer: string;
  /** Overrides the metadata's `mutating`; only `false` can differ from it. */
  mutating?: boolean;
  /** Namespaces a ClusterAdmissionPolicy skips. */
  excludeNamespaces?: string[];
  /** The only namespaces a ClusterAdmissionPolicy sees. */
  includeNamespaces?: string[];
  message?: string;
  timeoutSeconds?: number;
  failurePolicy?: string;
}

export interface PolicyManifest {
  apiVersion: string;
  kind: PolicyKind | PolicyGroupKind;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

function copiedAnnotations(metadata: PolicyMetadata): Record<string, string> | undefined {
  const found = COPIED_ANNOTATIONS.filter((key) => metadata.annotations?.[key] !== undefined);
  return found.length ? Object.fromEntries(found.map((key) => [key, metadata.annotations![key]])) : undefined;
}

/** matchExpressions only: the controller drops a user's matchLabels. */
export function namespaceSelector(included: string[] | undefined, excluded: string[] | undefined) {
  const matchExpressions = [];
  if (included?.length) matchExpressions.push({ key: NAMESPACE_NAME_LABEL, operator: "In", values: included });
  if (excluded?.length) matchExpressions.push({ key: NAMESPACE_NAME_LABEL, operator: "NotIn", values: excluded });
  return matchExpressions.length ? { matchExpressions } : undefined;
}

/** Drops the fields left unset, so the YAML shows only what was chosen. */
export function withoutUndefined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

export function buildPolicyManifest(metadata: PolicyMetadata, options: ManifestOptions): PolicyManifest {
  checkControllerRules(metadata, options);
  const cluster = options.kind === "ClusterAdmissionPolicy";
  return {
    apiVersion: POLICIES_API_VERSION,
    kind: options.kind,
    metadata: withoutUndefined({ name: options.name, namespace: options.namespace, annotations: copiedAnnotations(metadata) }),
    // Short fields first and settings last, so the YAML reads top-down.
    spec: withoutUndefined({
      policyServer: options.policyServer,
      module: options.module,
      mode: options.mode,
      rules: metadata.rules,
      mutating: options.mutating ?? metadata.mutating,
      backgroundAudit: metadata.backgroundAudit,
      contextAwareResources: cluster ? metadata.contextAwareResources ?? [] : undefined,
      namespaceSelector: cluster ? namespaceSelector(options.includeNamespaces, options.excludeNamespaces) : undefined,
      failurePolicy: options.failurePolicy,
      timeoutSeconds: options.timeoutSeconds,
      message: options.message,
      settings: options.settings ?? {},
    }),
  };
}
