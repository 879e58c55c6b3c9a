// Points the current cluster at this server: one ValidatingWebhookConfiguration
// and one MutatingWebhookConfiguration named wardenkit-serve, with a webhook per
// served policy (rules from its metadata, URL /validate/<id>, caBundle of our
// CA). Re-registering replaces the lists, so removed policies disappear.
import { ApiException, KubeConfig, KubernetesObjectApi, type KubernetesObject } from "@kubernetes/client-node";
import type { ServedPolicy } from "./policy-registry.ts";

export const WEBHOOK_CONFIGURATION_NAME = "wardenkit-serve";
const API_VERSION = "admissionregistration.k8s.io/v1";
const WEBHOOK_TIMEOUT_SECONDS = 10;

export interface RegistrationOptions {
  /** https://host:port as the API server reaches it. */
  baseUrl: string;
  caPem: string;
  /** Ignore (default) lets the cluster work while the development server is stopped. */
  failurePolicy?: "Ignore" | "Fail";
  /** Namespaces never sent to the server. */
  excludedNamespaces?: string[];
}

export interface WebhookConfigurations {
  validating: KubernetesObject & { webhooks: unknown[] };
  mutating: KubernetesObject & { webhooks: unknown[] };
  /** Policies left out, with the reason. */
  skipped: string[];
}

export function webhookConfigurations(policies: ServedPolicy[], options: RegistrationOptions): WebhookConfigurations {
  const caBundle = Buffer.from(options.caPem).toString("base64");
  const excluded = options.excludedNamespaces ?? ["kube-system"];
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
      failurePolicy: options.failurePolicy ?? "Ignore",
      matchPolicy: "Equivalent",
      namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: excluded }] },
      // Denials create Events, but never for dry runs.
      sideEffects: "NoneOnDryRun",
      admissionReviewVersions: ["v1"],
      timeoutSeconds: WEBHOOK_TIMEOUT_SECONDS,
    };
    if (policy.allowedToMutate) mutating.push({ ...webhook, reinvocationPolicy: "Never" });
    else validating.push(webhook);
  }
  const metadata = { name: WEBHOOK_CONFIGURATION_NAME, labels: { "app.kubernetes.io/managed-by": "wardenkit" } };
  return {
    validating: { apiVersion: API_VERSION, kind: "ValidatingWebhookConfiguration", metadata, webhooks: validating },
    mutating: { apiVersion: API_VERSION, kind: "MutatingWebhookConfiguration", metadata, webhooks: mutating },
    skipped,
  };
}

async function existing(api: KubernetesObjectApi, object: KubernetesObject): Promise<KubernetesObject | null> {
  try {
    return await api.read({ apiVersion: object.apiVersion!, kind: object.kind!, metadata: { name: object.metadata!.name! } });
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return null;
    throw err;
  }
}

/** Creates, replaces or (when it would be empty) deletes one configuration; returns what was done. */
async function apply(api: KubernetesObjectApi, object: KubernetesObject & { webhooks: unknown[] }): Promise<string> {
  const current = await existing(api, object);
  const what = `${object.kind} ${object.metadata!.name}`;
  if (object.webhooks.length === 0) {
    if (!current) return `${what}: nothing to register`;
    await api.delete(current);
    return `${what}: deleted (no policy needs it)`;
  }
  if (!current) {
    await api.create(object);
    return `${what}: created with ${object.webhooks.length} webhook(s)`;
  }
  await api.replace({ ...object, metadata: { ...object.metadata, resourceVersion: current.metadata?.resourceVersion } });
  return `${what}: updated with ${object.webhooks.length} webhook(s)`;
}

export async function registerWebhooks(kubeConfig: KubeConfig, policies: ServedPolicy[], options: RegistrationOptions): Promise<string[]> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const { validating, mutating, skipped } = webhookConfigurations(policies, options);
  try {
    return [await apply(api, validating), await apply(api, mutating), ...skipped.map((s) => `not registered: ${s}`)];
  } catch (err) {
    if (err instanceof ApiException) {
      let reason = "";
      try {
        reason = JSON.parse(err.body as string).message ?? "";
      } catch {
        reason = String(err.body ?? "");
      }
      throw new Error(`registering the webhooks failed: the Kubernetes API answered ${err.code}${reason ? `: ${reason}` : ""}`);
    }
    throw new Error(`registering the webhooks failed: ${(err as Error).message}`);
  }
}
