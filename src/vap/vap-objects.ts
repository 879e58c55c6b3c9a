// The admissionregistration.k8s.io/v1 objects wardenkit reads: ValidatingAdmissionPolicy and
// ValidatingAdmissionPolicyBinding, typed as far as the manifest and the checks read them
// (the CEL itself is the compiler's), and the error every refusal of these inputs raises.

export const ADMISSION_REGISTRATION_V1 = "admissionregistration.k8s.io/v1";
export const VAP_KIND = "ValidatingAdmissionPolicy";
export const BINDING_KIND = "ValidatingAdmissionPolicyBinding";

/** A VAP, a binding or a parameter object wardenkit cannot turn into a policy, and why. */
export class VapInputError extends Error {}

export interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** NamedRuleWithOperations. */
export interface ResourceRule {
  resourceNames?: string[];
  operations?: string[];
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
  scope?: string;
}

export interface MatchResources {
  namespaceSelector?: Selector;
  objectSelector?: Selector;
  resourceRules?: ResourceRule[];
  excludeResourceRules?: ResourceRule[];
  matchPolicy?: string;
}

export interface MatchCondition {
  name: string;
  expression: string;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  [field: string]: unknown;
}

export interface ValidatingAdmissionPolicy {
  apiVersion: string;
  kind: typeof VAP_KIND;
  metadata: ObjectMeta & { name: string };
  spec: {
    paramKind?: { apiVersion?: string; kind?: string };
    matchConstraints?: MatchResources;
    validations?: unknown[];
    auditAnnotations?: unknown[];
    matchConditions?: MatchCondition[];
    variables?: unknown[];
    failurePolicy?: string;
    [field: string]: unknown;
  };
}

export interface ParamRef {
  name?: string;
  namespace?: string;
  selector?: Selector;
  parameterNotFoundAction?: string;
}

export interface ValidatingAdmissionPolicyBinding {
  apiVersion: string;
  kind: typeof BINDING_KIND;
  metadata: ObjectMeta & { name: string };
  spec: {
    policyName?: string;
    paramRef?: ParamRef;
    matchResources?: MatchResources;
    validationActions?: string[];
  };
}

/** An object read from a file, and where: `vaps/labels.yaml #2`. */
export interface Sourced<T> {
  object: T;
  source: string;
}
