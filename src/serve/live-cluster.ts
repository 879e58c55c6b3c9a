// The cluster behind a kubeconfig (or the in-cluster service account), through
// @kubernetes/client-node: answers the kubernetes host capabilities for
// policies and writes denial Events. Lists are answered from watch-backed caches
// (watched-lists.ts), kept current as the cluster changes; single reads are cached
// briefly (5 s, as Kubewarden caches get_resource) unless the policy disables the
// cache, and identical reads in flight are shared.
import { resourceNotFound } from "../kubewarden/host-wording.ts";
import { ApiException, AuthorizationV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from "@kubernetes/client-node";
import type { CanIRequest, GetResourceRequest, ListAllRequest, ListByNamespaceRequest } from "../host/capabilities/kubernetes-requests.ts";
import type { AsyncKubernetesSource } from "./kubernetes-bridge.ts";
import { maskAnswer } from "../host/capabilities/cluster-state.ts";
import type { CoreEvent, EventSink, EventUpdate } from "./denial-event.ts";
import { apiError } from "./api-error.ts";
import { WatchedLists } from "./watched-lists.ts";
import { AnswerCache } from "../host/live/answer-cache.ts";

export const READ_CACHE_TTL_MS = 5000;

function stripManagedFields<T>(object: T): T {
  const o = object as KubernetesObject & { items?: KubernetesObject[] };
  if (o?.metadata) delete o.metadata.managedFields;
  for (const item of o?.items ?? []) if (item.metadata) delete item.metadata.managedFields;
  return object;
}

export class LiveCluster implements AsyncKubernetesSource, EventSink {
  private readonly api: KubernetesObjectApi;
  private readonly authorization: AuthorizationV1Api;
  private readonly cache: AnswerCache;
  private readonly lists: WatchedLists;

  constructor(readonly kubeConfig: KubeConfig, cacheTtlMs = READ_CACHE_TTL_MS) {
    this.cache = new AnswerCache(cacheTtlMs);
    this.api = KubernetesObjectApi.makeApiClient(kubeConfig);
    this.authorization = kubeConfig.makeApiClient(AuthorizationV1Api);
    this.lists = new WatchedLists(kubeConfig);
  }

  get server(): string {
    return this.kubeConfig.getCurrentCluster()?.server ?? "unknown";
  }

  private cached(key: string, fresh: boolean, read: () => Promise<unknown>): Promise<unknown> {
    return this.cache.get(key, fresh, () => read().then(stripManagedFields));
  }

  private list(request: ListAllRequest, namespace?: string): Promise<unknown> {
    return this.lists.list({
      apiVersion: request.api_version, kind: request.kind, namespace,
      labelSelector: request.label_selector ?? undefined, fieldSelector: request.field_selector ?? undefined,
    });
  }

  // Answers are cached whole and masked per request, as Kubewarden honours field_masks.
  listByNamespace(request: ListByNamespaceRequest): Promise<unknown> {
    return this.list(request, request.namespace).then((answer) => maskAnswer(answer, request.field_masks));
  }

  listAll(request: ListAllRequest): Promise<unknown> {
    return this.list(request).then((answer) => maskAnswer(answer, request.field_masks));
  }

  getResource(request: GetResourceRequest): Promise<unknown> {
    const namespace = request.namespace ?? undefined;
    const key = JSON.stringify(["get", request.api_version, request.kind, namespace, request.name]);
    return this.cached(key, request.disable_cache, () =>
      this.api.read({ apiVersion: request.api_version, kind: request.kind, metadata: { name: request.name, namespace } }).catch((err) => {
        if (err instanceof ApiException && err.code === 404) {
          throw new Error(resourceNotFound(request.api_version, request.kind, request.name, namespace));
        }
        throw apiError(err);
      }),
    ).then((answer) => maskAnswer(answer, request.field_masks));
  }

  /** A SubjectAccessReview's status (cached as a read is, unless the policy disables the cache). */
  canI(request: CanIRequest): Promise<unknown> {
    const { user, groups, resource_attributes: a } = request.subject_access_review;
    const resourceAttributes = {
      resource: a.resource, verb: a.verb, group: a.group ?? undefined, name: a.name ?? undefined,
      namespace: a.namespace ?? undefined, subresource: a.subresource ?? undefined, version: a.version ?? undefined,
    };
    const spec = { user, groups: groups ?? undefined, resourceAttributes };
    return this.cached(JSON.stringify(["can_i", spec]), request.disable_cache, async () => {
      const review = await this.authorization.createSubjectAccessReview({ body: { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec } })
        .catch((err) => {
          throw apiError(err);
        });
      return review.status ?? { allowed: false, reason: "the SubjectAccessReview came back without a status" };
    });
  }

  async createEvent(event: CoreEvent): Promise<void> {
    await this.api.create(event as unknown as KubernetesObject).catch((err) => {
      throw apiError(err);
    });
  }

  async updateEvent(namespace: string, name: string, update: EventUpdate): Promise<void> {
    const patch = { apiVersion: "v1", kind: "Event", metadata: { name, namespace }, ...update };
    await this.api.patch(patch, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch).catch((err) => {
      throw apiError(err);
    });
  }

  /** Stops the watches. */
  close(): Promise<void> {
    return this.lists.close();
  }
}
