// A seeded policy set and the requests to make against it, for the matching differential
// (test/policyset/matching-differential.test.ts): ClusterAdmissionPolicies, AdmissionPolicies
// and their groups with rules over core, apps and RBAC resources and subresources, every
// operation and scope, namespace and object selectors with every operator,
// allowInsideAdmissionControllerNamespace both ways and CEL match conditions; then
// namespaces, ConfigMaps, Pods, Deployments and ClusterRoles created, relabelled, changed
// through subresources and deleted. Generated with fast-check from one seed, so a run can be
// repeated exactly.
import fc from "fast-check";
import type { PolicyObject } from "../../src/manifests/policy-documents.ts";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import { webhookRuleProblem } from "../../src/manifests/webhook-rules.ts";

export type Labels = Record<string, string>;
type Selector = { matchLabels?: Labels; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

/** Every object a step names starts with this; the match-condition guard below relies on it. */
export const NAME_PREFIX = "md-";
export const CONTROLLER_NAMESPACE = "kubewarden";
export const POLICY_MODULE = "registry://registry.example.test/policies/required-labels:v1";
export const POLICY_SETTINGS = { requiredLabels: ["owner"] };

/** Namespaces made before the webhooks exist, holding the objects under test. */
export const HOME_NAMESPACES = [0, 1, 2, 3].map((i) => `${NAME_PREFIX}home-${i}`);
/** Namespaces whose own life (create, relabel, status, delete) is under test. */
export const SUBJECT_NAMESPACES = [0, 1, 2, 3, 4].map((i) => `${NAME_PREFIX}ns-${i}`);
const OBJECT_NAMESPACES = [...HOME_NAMESPACES, CONTROLLER_NAMESPACE];

const NAMESPACE_LABELS: Record<string, string[]> = { env: ["prod", "dev", "staging"], team: ["a", "b"], critical: ["true"] };
const OBJECT_LABELS: Record<string, string[]> = { app: ["web", "db"], tier: ["a", "b"], skip: ["1"] };
const SELECTABLE_NAMESPACE_LABELS = { ...NAMESPACE_LABELS, "kubernetes.io/metadata.name": [...HOME_NAMESPACES.slice(0, 2), SUBJECT_NAMESPACES[0], CONTROLLER_NAMESPACE] };

/** Conditions users write: on labels, names, the operation, subresources, fields; some fail on some requests. */
const CONDITIONS = [
  "has(object.metadata.labels) && 'app' in object.metadata.labels && object.metadata.labels['app'] == 'web'",
  "object.metadata.labels['tier'] == 'a'",
  "request.operation != 'DELETE'",
  "request.namespace.startsWith('md-home')",
  "!has(request.subResource) || request.subResource != 'scale'",
  "oldObject == null || oldObject.metadata.name == object.metadata.name",
  "object.metadata.name.endsWith('-1')",
  "request.kind.kind != 'ConfigMap'",
  "has(object.spec) && has(object.spec.replicas) && object.spec.replicas > 1",
  "request.userInfo.username == 'admin'",
  "object == null || !has(object.metadata.labels) || !('skip' in object.metadata.labels)",
  "request.name.contains('-cm-')",
  "request.namespace == request.name",
];

/**
 * Added to every policy that fails closed on a condition error: the API server is shared with
 * other test files, and their requests (named otherwise) must never be refused by this one's
 * webhooks. A false condition skips a webhook whatever the others give, so it changes nothing
 * for the requests under test, and both sides evaluate it.
 */
export const GUARD_CONDITION = { name: "only-this-test", expression: `has(request.name) && request.name.startsWith('${NAME_PREFIX}')` };

const POLICY_KINDS = ["ClusterAdmissionPolicy", "AdmissionPolicy", "ClusterAdmissionPolicyGroup", "AdmissionPolicyGroup"] as const;
const POLICY_COUNT = 32;

const labelsArb = (vocabulary: Record<string, string[]>) =>
  fc.record(Object.fromEntries(Object.entries(vocabulary).map(([key, values]) => [key, fc.constantFrom(...values)])), { requiredKeys: [] }) as fc.Arbitrary<Labels>;

const requirementArb = (vocabulary: Record<string, string[]>) => fc.constantFrom(...Object.keys(vocabulary)).chain((key) => fc.oneof(
  fc.subarray(vocabulary[key], { minLength: 1 }).map((values) => ({ key, operator: "In", values })),
  fc.subarray(vocabulary[key], { minLength: 1 }).map((values) => ({ key, operator: "NotIn", values })),
  fc.constant({ key, operator: "Exists" }),
  fc.constant({ key, operator: "DoesNotExist" }),
));

const selectorArb = (vocabulary: Record<string, string[]>): fc.Arbitrary<Selector | undefined> => fc.option(fc.record({
  matchLabels: fc.constantFrom(...Object.keys(vocabulary)).chain((key) => fc.constantFrom(...vocabulary[key]).map((value) => ({ [key]: value }))),
  matchExpressions: fc.array(requirementArb(vocabulary), { minLength: 1, maxLength: 2 }),
}, { requiredKeys: [] }), { nil: undefined, freq: 2 });

const RESOURCE_FAMILIES = [
  { apiGroups: [[""], ["*"]], apiVersions: [["v1"], ["*"]], resources: ["namespaces", "namespaces/status", "configmaps", "pods", "pods/ephemeralcontainers", "pods/*", "*", "*/*"] },
  { apiGroups: [["apps"]], apiVersions: [["v1"]], resources: ["deployments", "deployments/scale", "deployments/*", "*/scale"] },
  { apiGroups: [["rbac.authorization.k8s.io"]], apiVersions: [["v1"], ["*"]], resources: ["clusterroles", "*"] },
  { apiGroups: [["", "apps", "rbac.authorization.k8s.io"]], apiVersions: [["v1"]], resources: ["configmaps", "deployments", "clusterroles", "namespaces", "pods"] },
];

const ruleArb = fc.constantFrom(...RESOURCE_FAMILIES).chain((family) => fc.record({
  apiGroups: fc.constantFrom(...family.apiGroups),
  apiVersions: fc.constantFrom(...family.apiVersions),
  resources: fc.subarray(family.resources, { minLength: 1 }),
  operations: fc.oneof({ arbitrary: fc.constant(["*"]), weight: 2 }, { arbitrary: fc.subarray(["CREATE", "UPDATE", "DELETE"], { minLength: 1 }), weight: 3 }) as fc.Arbitrary<string[]>,
  scope: fc.constantFrom("*", "Cluster", "Namespaced"),
}, { requiredKeys: ["apiGroups", "apiVersions", "resources", "operations"] })).filter((rule) => !webhookRuleProblem(rule));

/** The Kubewarden controller refuses an AdmissionPolicy whose rule has `*` with a `*` resource (policy_validation.go). */
function allowedInNamespace(rule: { apiGroups: string[]; apiVersions: string[]; resources: string[] }): boolean {
  const anyGroup = rule.apiGroups.includes("*") || rule.apiVersions.includes("*");
  return !(anyGroup && rule.resources.some((r) => r === "*" || r === "*/*"));
}

const policyTraitsArb = fc.record({
  rules: fc.array(ruleArb, { minLength: 1, maxLength: 3 }),
  failurePolicy: fc.constantFrom(undefined, "Fail", "Ignore"),
  namespaceSelector: selectorArb(SELECTABLE_NAMESPACE_LABELS),
  objectSelector: selectorArb(OBJECT_LABELS),
  conditions: fc.oneof(fc.constant([] as string[]), fc.subarray(CONDITIONS, { minLength: 1, maxLength: 2 })),
  // An AdmissionPolicy in a namespace under test sees none of that Namespace's own requests.
  namespace: fc.constantFrom(...OBJECT_NAMESPACES, SUBJECT_NAMESPACES[0]),
});

function policyObject(index: number, traits: typeof policyTraitsArb extends fc.Arbitrary<infer T> ? T : never): PolicyObject {
  const kind = POLICY_KINDS[index % POLICY_KINDS.length];
  const namespaced = kind === "AdmissionPolicy" || kind === "AdmissionPolicyGroup";
  const cluster = !namespaced;
  const rules = namespaced ? traits.rules.filter(allowedInNamespace) : traits.rules;
  const conditions = traits.conditions.map((expression, i) => ({ name: `c${i}`, expression }));
  if (conditions.length && traits.failurePolicy !== "Ignore") conditions.push(GUARD_CONDITION);
  const member = { module: POLICY_MODULE, settings: POLICY_SETTINGS };
  const body = kind.endsWith("Group")
    ? { expression: "member()", message: "denied by the group", policies: { member } }
    : { ...member, mutating: false };
  return {
    apiVersion: "policies.kubewarden.io/v1",
    kind,
    metadata: { name: `p${index}`, ...(namespaced ? { namespace: traits.namespace } : {}) },
    spec: {
      ...body,
      rules: rules.length ? rules : [{ apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"], operations: ["CREATE"] }],
      ...(traits.failurePolicy ? { failurePolicy: traits.failurePolicy } : {}),
      ...(cluster && traits.namespaceSelector ? { namespaceSelector: traits.namespaceSelector } : {}),
      // Alternating, so both ways are always covered.
      ...(cluster ? { allowInsideAdmissionControllerNamespace: index % 8 < 4 } : {}),
      ...(traits.objectSelector ? { objectSelector: traits.objectSelector } : {}),
      ...(conditions.length ? { matchConditions: conditions } : {}),
    },
  };
}

function metadata(name: string, namespace: string | undefined, labels: Labels) {
  return { name, ...(namespace ? { namespace } : {}), ...(Object.keys(labels).length ? { labels } : {}) };
}

const CONTAINERS = [{ name: "app", image: "registry.example/app:1" }];

export function namespaceObject(name: string, labels: Labels): KubernetesObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: metadata(name, undefined, labels) };
}

const objectBuilders = {
  ConfigMap: (namespace: string, name: string, labels: Labels, n: number) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: metadata(name, namespace, labels), data: { size: n > 1 ? "large" : "small" } }),
  Pod: (namespace: string, name: string, labels: Labels) => ({ apiVersion: "v1", kind: "Pod", metadata: metadata(name, namespace, labels), spec: { containers: CONTAINERS } }),
  Deployment: (namespace: string, name: string, labels: Labels, n: number) => ({
    apiVersion: "apps/v1", kind: "Deployment", metadata: metadata(name, namespace, labels),
    spec: { replicas: n, selector: { matchLabels: { "md/name": name } }, template: { metadata: { labels: { "md/name": name } }, spec: { containers: CONTAINERS } } },
  }),
  ClusterRole: (_: string, name: string, labels: Labels) => ({
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: metadata(name, undefined, labels),
    rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }],
  }),
};

/** What to do, in order; the driver turns each into a request from what the cluster then holds. */
export type Intent =
  | { do: "create"; object: KubernetesObject }
  | { do: "relabel"; ref: string; labels: Labels }
  | { do: "ephemeral-container"; ref: string }
  | { do: "scale"; ref: string; replicas: number }
  | { do: "status"; ref: string }
  | { do: "delete"; ref: string };

export interface Scenario {
  policies: PolicyObject[];
  homeNamespaces: KubernetesObject[];
  intents: Intent[];
}

/** `Kind namespace/name`, or `Kind name` for cluster-scoped objects: how intents name objects. */
export function refOf(object: KubernetesObject): string {
  const { name, namespace } = object.metadata ?? {};
  return `${object.kind} ${namespace ? `${namespace}/` : ""}${name}`;
}

interface Subject { object: KubernetesObject; newLabels: Labels; update: boolean; remove: boolean; n: number }

const subjectArb = (make: (labels: Labels, n: number) => KubernetesObject, vocabulary: Record<string, string[]>) =>
  fc.record({ labels: labelsArb(vocabulary), newLabels: labelsArb(vocabulary), update: fc.boolean(), remove: fc.boolean(), n: fc.integer({ min: 1, max: 3 }) })
    .map(({ labels, n, ...rest }): Subject => ({ object: make(labels, n), n, ...rest }));

function objectSubjects(): fc.Arbitrary<Subject[]> {
  const kinds = [["ConfigMap", "cm", 3], ["Pod", "pod", 1], ["Deployment", "deploy", 1]] as const;
  const namespaced = OBJECT_NAMESPACES.flatMap((ns, nsIndex) => kinds.flatMap(([kind, short, count]) => Array.from({ length: count }, (_, i) =>
    subjectArb((labels, n) => objectBuilders[kind](ns, `${NAME_PREFIX}${short}-${nsIndex}-${i}`, labels, n), OBJECT_LABELS))));
  const clusterRoles = [0, 1, 2, 3].map((i) => subjectArb((labels) => objectBuilders.ClusterRole("", `${NAME_PREFIX}cr-${i}`, labels), OBJECT_LABELS));
  return fc.tuple(...namespaced, ...clusterRoles);
}

function intentsFor(namespaces: Subject[], objects: Subject[]): Intent[] {
  const ref = (s: Subject) => refOf(s.object);
  const scaled = (s: Subject) => s.object.kind === "Deployment";
  return [
    ...namespaces.map((s): Intent => ({ do: "create", object: s.object })),
    ...objects.map((s): Intent => ({ do: "create", object: s.object })),
    ...objects.filter((s) => s.update).map((s): Intent => ({ do: "relabel", ref: ref(s), labels: s.newLabels })),
    ...objects.filter((s) => s.object.kind === "Pod").map((s): Intent => ({ do: "ephemeral-container", ref: ref(s) })),
    ...objects.filter(scaled).map((s): Intent => ({ do: "scale", ref: ref(s), replicas: s.n + 1 })),
    ...objects.filter((s) => s.remove).map((s): Intent => ({ do: "delete", ref: ref(s) })),
    ...namespaces.map((s): Intent => ({ do: "relabel", ref: ref(s), labels: s.newLabels })),
    ...namespaces.map((s): Intent => ({ do: "status", ref: ref(s) })),
    ...namespaces.filter((s) => s.remove).map((s): Intent => ({ do: "delete", ref: ref(s) })),
  ];
}

/**
 * Two policies every scenario has: one that sees every request (so a request the webhook
 * recorded under another name than expected shows as a disagreement, not as agreement on
 * "not sent"), and one that reads request.namespace, which Namespace requests may lack.
 */
const FIXED_POLICIES: PolicyObject[] = [
  { name: "every-request", matchConditions: undefined },
  { name: "named-after-namespace", matchConditions: [{ name: "own-namespace", expression: "request.namespace == request.name" }] },
].map(({ name, matchConditions }) => ({
  apiVersion: "policies.kubewarden.io/v1",
  kind: "ClusterAdmissionPolicy",
  metadata: { name },
  spec: {
    module: POLICY_MODULE, settings: POLICY_SETTINGS, mutating: false, failurePolicy: "Ignore", allowInsideAdmissionControllerNamespace: true,
    rules: [{ apiGroups: ["*"], apiVersions: ["*"], resources: ["*/*"], operations: ["*"] }],
    ...(matchConditions ? { matchConditions } : {}),
  },
}));

export function generateScenario(seed: number): Scenario {
  const scenarioArb = fc.record({
    policies: fc.array(policyTraitsArb, { minLength: POLICY_COUNT, maxLength: POLICY_COUNT }),
    homeLabels: fc.tuple(...HOME_NAMESPACES.map(() => labelsArb(NAMESPACE_LABELS))),
    namespaces: fc.tuple(...SUBJECT_NAMESPACES.map((name) => subjectArb((labels) => namespaceObject(name, labels), NAMESPACE_LABELS))),
    objects: objectSubjects(),
  });
  const [drawn] = fc.sample(scenarioArb, { seed, numRuns: 1 });
  return {
    policies: [...FIXED_POLICIES, ...drawn.policies.map((traits, i) => policyObject(i, traits))],
    homeNamespaces: HOME_NAMESPACES.map((name, i) => namespaceObject(name, drawn.homeLabels[i])),
    intents: intentsFor(drawn.namespaces, drawn.objects),
  };
}
