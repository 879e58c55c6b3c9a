// Points the current cluster at this server and takes it away again: creates or replaces
// the two webhook configurations (webhook-configurations.ts) on every change of the served
// set, refuses configurations of the same name that send reviews to another server, and
// deletes its own when serve stops.
import { ApiException, KubeConfig, KubernetesObjectApi, type KubernetesObject } from "@kubernetes/client-node";
import type { ServedPolicy } from "./policy-registry.ts";
import { apiError } from "./api-error.ts";
import {
  DEFAULT_CONFIGURATION_NAME, SERVE_URL_ANNOTATION, webhookConfigurations, type ConfigurationOptions, type WebhookConfigurations,
} from "./webhook-configurations.ts";

export type RegistrationOptions = Omit<ConfigurationOptions, "ownUser">;
type Configuration = KubernetesObject & { webhooks?: { clientConfig?: { url?: string } }[] };

/** The server a configuration sends its reviews to. */
function targetOf(configuration: Configuration): string | undefined {
  const annotated = configuration.metadata?.annotations?.[SERVE_URL_ANNOTATION];
  if (annotated) return annotated;
  const url = configuration.webhooks?.[0]?.clientConfig?.url;
  return url ? new URL(url).origin : undefined;
}

export class WebhookRegistration {
  private readonly api: KubernetesObjectApi;
  /** undefined until asked; null when the cluster would not say. */
  private ownUser: string | null | undefined;

  constructor(kubeConfig: KubeConfig, private readonly options: RegistrationOptions) {
    this.api = KubernetesObjectApi.makeApiClient(kubeConfig);
  }

  get name(): string {
    return this.options.name ?? DEFAULT_CONFIGURATION_NAME;
  }

  /** Registers `policies`; returns what was done, line by line. Throws with the reason. */
  async register(policies: ServedPolicy[]): Promise<string[]> {
    try {
      const lines: string[] = [];
      if (this.ownUser === undefined) {
        this.ownUser = await this.whoAmI();
        if (this.ownUser === null) lines.push("the cluster does not say who serve is (no SelfSubjectReview): no core Event is sent to serve's webhooks");
      }
      const configurations = webhookConfigurations(policies, { ...this.options, ownUser: this.ownUser ?? undefined });
      lines.unshift(await this.apply(configurations.validating), await this.apply(configurations.mutating));
      return [...lines, ...configurations.skipped.map((s) => `not registered: ${s}`)];
    } catch (err) {
      throw new Error(`registering the webhooks failed: ${err instanceof ApiException || !(err instanceof Error) ? apiError(err).message : err.message}`);
    }
  }

  /** Deletes this server's configurations; ones that send reviews elsewhere are left alone. */
  async unregister(): Promise<string[]> {
    const { validating, mutating } = this.configurations();
    const lines: string[] = [];
    for (const object of [validating, mutating]) {
      const what = `${object.kind} ${this.name}`;
      try {
        const current = await this.existing(object);
        if (!current) continue;
        if (targetOf(current) !== this.options.baseUrl) {
          lines.push(`${what}: left alone, it sends reviews to ${targetOf(current) ?? "another server"}`);
          continue;
        }
        await this.api.delete(current);
        lines.push(`${what}: deleted`);
      } catch (err) {
        lines.push(`${what}: could not be deleted: ${apiError(err).message}`);
      }
    }
    return lines;
  }

  private configurations(): WebhookConfigurations {
    return webhookConfigurations([], this.options);
  }

  private async whoAmI(): Promise<string | null> {
    try {
      const review = await this.api.create({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } as KubernetesObject);
      return (review as { status?: { userInfo?: { username?: string } } }).status?.userInfo?.username ?? null;
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) return null;
      throw err;
    }
  }

  private async existing(object: KubernetesObject): Promise<Configuration | null> {
    try {
      return await this.api.read({ apiVersion: object.apiVersion!, kind: object.kind!, metadata: { name: object.metadata!.name! } });
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) return null;
      throw err;
    }
  }

  /** Creates, replaces or (when it would be empty) deletes one configuration; returns what was done. */
  private async apply(object: KubernetesObject & { webhooks: unknown[] }): Promise<string> {
    const current = await this.existing(object);
    const what = `${object.kind} ${this.name}`;
    const target = current && targetOf(current);
    if (current && target !== this.options.baseUrl) {
      throw new Error(
        `${what} already sends reviews to another wardenkit serve at ${target ?? "an unknown server"}; stop that one, or give this one ` +
        `its own registration with --registration-name <name> (if that server is gone: kubectl delete ${object.kind!.toLowerCase()} ${this.name})`,
      );
    }
    if (object.webhooks.length === 0) {
      if (!current) return `${what}: nothing to register`;
      await this.api.delete(current);
      return `${what}: deleted (no policy needs it)`;
    }
    if (!current) {
      await this.api.create(object);
      return `${what}: created with ${object.webhooks.length} webhook(s)`;
    }
    await this.api.replace({ ...object, metadata: { ...object.metadata, resourceVersion: current.metadata?.resourceVersion } });
    return `${what}: updated with ${object.webhooks.length} webhook(s)`;
  }
}
