// The ValidatingWebhookConfiguration and MutatingWebhookConfiguration that point a
// cluster at `wardenkit serve`: a webhook per served policy (rules from its metadata, URL
// /validate/<id>, caBundle of serve's CA), narrowed to the namespaces asked for, and never
// matching the Events serve itself writes, so a denial cannot lead to another.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { ServedPolicy } from "./policy-registry.ts";

export const DEFAULT_CONFIGURATION_NAME = "wardenkit-serve";
/** Set on both configurations: which server they send reviews to. */
export const SERVE_URL_ANNOTATION = "wardenkit.dev/serve-url";
export const DEFAULT_EXCLUDED_NAMESPACES = ["kube-system"];
export type FailurePolicy = "Ignore" | "Fail";
export const DEFAULT_FAILURE_POLICY: FailurePolicy = "Ignore";
const API_VERSION = "admissionregistration.k8s.io/v1";
const WEBHOOK_TIMEOUT_SECONDS = 10;

export interface NamespaceSelection {
  /** Only these namespaces; cluster-scoped objects are then not sent either. */
  include?: string[];
  /** Never these namespaces (default: kube-system). */
  exclude?: string[];
}

export interface ConfigurationOptions {
  /** https://host:port as the API server reaches it. */
  baseUrl: string;
  caPem: string;
  /** Name of both configurations (default wardenkit-serve). */
  name?: string;
  /** What the API server does when serve does not answer (default Ignore: admit). */
  failurePolicy?: FailurePolicy;
  namespaces?: NamespaceSelection;
  /** The user serve writes Events as; unknown: no core Event is sent to serve at all. */
  ownUser?: string;
}

export interface WebhookConfigurations {
  validating: KubernetesObject & { webhooks: unknown[] };
  mutating: KubernetesObject & { webhooks: unknown[] };
  /** Policies left out, with the reason. */
  skipped: string[];
}

const cel = (text: string) => JSON.stringify(text);
const CORE_EVENTS = 'request.resource.group == "" && request.resource.resource == "events"';

// The API server leaves empty fields out of `request` (a cluster-scoped request has no
// `namespace`), and a condition that reads a missing field is an error, which the failure
// policy then decides: so optional fields are tested with has() first.
function matchConditions(options: ConfigurationOptions): { name: string; expression: string }[] {
  const own = options.ownUser === undefined
    ? { name: "not-events", expression: `!(${CORE_EVENTS})` }
    : {
      name: "not-wardenkit-serve-events",
      expression: `!(has(request.userInfo.username) && request.userInfo.username == ${cel(options.ownUser)} && ${CORE_EVENTS})`,
    };
  const include = options.namespaces?.include;
  if (!include?.length) return [own];
  return [own, { name: "in-namespaces", expression: `has(request.namespace) && request.namespace in [${include.map(cel).join(", ")}]` }];
}

function namespaceSelector(selection: NamespaceSelection = {}) {
  const expressions: object[] = [];
  const key = "kubernetes.io/metadata.name";
  if (selection.include?.length) expressions.push({ key, operator: "In", values: selection.include });
  const exclude = selection.exclude ?? (selection.include?.length ? [] : DEFAULT_EXCLUDED_NAMESPACES);
  if (exclude.length) expressions.push({ key, operator: "NotIn", values: exclude });
  return { matchExpressions: expressions };
}

export function webhookConfigurations(policies: ServedPolicy[], options: ConfigurationOptions): WebhookConfigurations {
  const caBundle = Buffer.from(options.caPem).toString("base64");
  const validating: unknown[] = [];
  const mutating: unknown[] = [];
  const skipped: string[] = [];
  for (const policy of [...policies].sort((a, b) => a.id.localeCompare(b.id))) {
    if (policy.rules.length === 0) {
      skipped.push(`${policy.id}: its module has no rules in its metadata`);
      continue;
    }
    const webhook = {
      name: `${policy.id}.wardenkit.serve`,
      clientConfig: { url: `${options.baseUrl}/validate/${encodeURIComponent(policy.id)}`, caBundle },
      rules: policy.rules,
      failurePolicy: options.failurePolicy ?? DEFAULT_FAILURE_POLICY,
      matchPolicy: "Equivalent",
      namespaceSelector: namespaceSelector(options.namespaces),
      matchConditions: matchConditions(options),
      // Denials create Events, but never for dry runs.
      sideEffects: "NoneOnDryRun",
      admissionReviewVersions: ["v1"],
      timeoutSeconds: WEBHOOK_TIMEOUT_SECONDS,
    };
    if (policy.allowedToMutate) mutating.push({ ...webhook, reinvocationPolicy: "Never" });
    else validating.push(webhook);
  }
  const metadata = {
    name: options.name ?? DEFAULT_CONFIGURATION_NAME,
    labels: { "app.kubernetes.io/managed-by": "wardenkit" },
    annotations: { [SERVE_URL_ANNOTATION]: options.baseUrl },
  };
  return {
    validating: { apiVersion: API_VERSION, kind: "ValidatingWebhookConfiguration", metadata, webhooks: validating },
    mutating: { apiVersion: API_VERSION, kind: "MutatingWebhookConfiguration", metadata, webhooks: mutating },
    skipped,
  };
}
