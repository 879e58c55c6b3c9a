// List reads answered from watch-backed caches, as policy-server answers them: the first
// read of a query (kind, namespace, label and field selector) lists it and opens a watch,
// later reads see the cache the watch keeps current, so an object created a moment ago is
// counted. A watch that fails is dropped; the next read lists afresh.
import {
  KubernetesObjectApi, ListWatch, Watch, type KubeConfig, type KubernetesListObject, type KubernetesObject,
} from "@kubernetes/client-node";
import { apiError } from "./api-error.ts";

export interface ListQuery {
  apiVersion: string;
  kind: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** KubernetesObjectApi with its discovery lookup made callable, to build watch paths. */
class DiscoveringApi extends KubernetesObjectApi {
  discover(apiVersion: string, kind: string) {
    return this.resource(apiVersion, kind);
  }
}

type Cache = ListWatch<KubernetesObject>;

function withoutManagedFields(object: KubernetesObject): void {
  if (object.metadata) delete object.metadata.managedFields;
}

export class WatchedLists {
  private readonly api: DiscoveringApi;
  private readonly watch: Watch;
  private readonly caches = new Map<string, Promise<Cache>>();
  private closed = false;

  constructor(kubeConfig: KubeConfig) {
    this.api = kubeConfig.makeApiClient(DiscoveringApi);
    this.watch = new Watch(kubeConfig);
  }

  async list(query: ListQuery): Promise<KubernetesListObject<KubernetesObject>> {
    const key = JSON.stringify([query.apiVersion, query.kind, query.namespace, query.labelSelector, query.fieldSelector]);
    const ready = await (this.caches.get(key) ?? this.open(query, key));
    const items = ready.list().map((item) => ({ apiVersion: query.apiVersion, kind: query.kind, ...item }));
    return { apiVersion: "v1", kind: `${query.kind}List`, metadata: { resourceVersion: ready.latestResourceVersion() }, items };
  }

  private async path(query: ListQuery): Promise<string> {
    const resource = await this.api.discover(query.apiVersion, query.kind).catch((err) => {
      throw apiError(err);
    });
    if (!resource) throw new Error(`the cluster does not serve ${query.kind} in ${query.apiVersion}`);
    const base = query.apiVersion.includes("/") ? `/apis/${query.apiVersion}` : `/api/${query.apiVersion}`;
    return `${base}/${query.namespace ? `namespaces/${encodeURIComponent(query.namespace)}/` : ""}${resource.name}`;
  }

  /** Starts the cache of one query and keeps it under `key` until its watch fails. */
  private open(query: ListQuery, key: string): Promise<Cache> {
    const entry = this.start(query, () => {
      if (this.caches.get(key) === entry) this.caches.delete(key);
    });
    this.caches.set(key, entry);
    entry.catch(() => undefined);
    return entry;
  }

  private async start(query: ListQuery, drop: () => void): Promise<Cache> {
    const path = await this.path(query).catch((err) => {
      drop();
      throw err;
    });
    const listOnce = () => this.api.list(query.apiVersion, query.kind, query.namespace, undefined, undefined, undefined, query.fieldSelector, query.labelSelector);
    const cache: Cache = new ListWatch(path, this.watch, listOnce, false, query.labelSelector, query.fieldSelector);
    let failure: unknown;
    cache.on("add", withoutManagedFields);
    cache.on("update", withoutManagedFields);
    cache.on("error", (err: unknown) => {
      failure = err;
      drop();
      void cache.stop();
    });
    await cache.start();
    if (failure !== undefined) throw apiError(failure);
    if (this.closed) void cache.stop();
    return cache;
  }

  async close(): Promise<void> {
    this.closed = true;
    const caches = [...this.caches.values()];
    this.caches.clear();
    await Promise.all(caches.map((c) => c.then((cache) => cache.stop(), () => undefined)));
  }
}
