// What an audit reads from the cluster, through @kubernetes/client-node: discovery (every API
// group, version and resource, to expand a rule's `*`), and lists of objects, page by page
// (`limit` and `continue`), as the API server stores them: the JSON is kept as it comes, not
// turned into the client's typed models, so a policy sees the object a `kubectl get -o yaml`
// would export.
import { ApisApi, HttpMethod, KubernetesObjectApi, type KubernetesObject as ClientObject, type V1APIResource, type V1APIResourceList } from "@kubernetes/client-node";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import type { LoadedKubeConfig } from "../cluster/kubeconfig.ts";
import { toClusterError } from "../cluster/errors.ts";

/** A resource the API server lists: `apps/v1 deployments` (kind Deployment), namespaced or not. */
export interface ListedResource {
  group: string;
  version: string;
  /** Plural, as discovery names it. */
  resource: string;
  kind: string;
  namespaced: boolean;
}

export const apiVersionOf = (r: Pick<ListedResource, "group" | "version">) => (r.group ? `${r.group}/${r.version}` : r.version);

/** `deployments.apps/v1`, `pods/v1`: how messages name a resource. */
export const describeResource = (r: Pick<ListedResource, "group" | "version" | "resource">) => `${r.resource}${r.group ? `.${r.group}` : ""}/${r.version}`;

export interface ListPage {
  items: KubernetesObject[];
  continue?: string;
}

/** The type name getJson asks for: its answers are kept as the JSON says. */
const RAW = "raw JSON";

/**
 * KubernetesObjectApi with its raw request made callable: discovery lists and pages of objects
 * as JSON. The client would turn a list's metadata into an object's model, which has no
 * `continue`, and dates into Date objects.
 */
class RawApi extends KubernetesObjectApi {
  async getJson<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    const context = this.configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
    for (const [key, value] of Object.entries(query)) context.setQueryParam(key, value);
    context.setHeaderParam("Accept", "application/json");
    return this.requestPromise(context, RAW) as Promise<T>;
  }

  protected override async processResponse<T extends ClientObject>(response: Parameters<KubernetesObjectApi["processResponse"]>[0], type?: string): Promise<T> {
    const ok = response.httpStatusCode >= 200 && response.httpStatusCode <= 299;
    if (type !== RAW || !ok) return super.processResponse(response, type);
    return JSON.parse(await response.body.text()) as T;
  }
}

export class ClusterReader {
  private readonly api: RawApi;
  private readonly apis: ApisApi;
  readonly server: string;

  constructor(loaded: LoadedKubeConfig) {
    this.api = loaded.config.makeApiClient(RawApi);
    this.apis = loaded.config.makeApiClient(ApisApi);
    this.server = loaded.server;
  }

  private failure(err: unknown, verb: string, resource: string): Error {
    return toClusterError(err, { verb, resource, server: this.server });
  }

  /** Every group version the API server serves: core `v1` and each group's versions. */
  async groupVersions(): Promise<{ group: string; version: string; preferred: boolean }[]> {
    const groups = await this.apis.getAPIVersions().catch((err: unknown) => {
      throw this.failure(err, "discover", "API groups");
    });
    return [
      { group: "", version: "v1", preferred: true },
      ...groups.groups.flatMap((g) => g.versions.map((v) => ({ group: g.name, version: v.version, preferred: g.preferredVersion?.version === v.version }))),
    ];
  }

  /** The resources of one group version that can be listed (no subresources). */
  async resources(group: string, version: string): Promise<ListedResource[]> {
    const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const list = await this.api.getJson<V1APIResourceList>(path).catch((err: unknown) => {
      throw this.failure(err, "discover", apiVersionOf({ group, version }));
    });
    return list.resources
      .filter((r: V1APIResource) => !r.name.includes("/") && r.verbs.includes("list"))
      .map((r) => ({ group, version, resource: r.name, kind: r.kind, namespaced: r.namespaced }));
  }

  /** One page of a resource's objects, in one namespace or all; each object with its apiVersion and kind. */
  async listPage(resource: ListedResource, namespace: string | undefined, limit: number, next?: string): Promise<ListPage> {
    const base = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
    const path = `${base}/${namespace ? `namespaces/${encodeURIComponent(namespace)}/` : ""}${resource.resource}`;
    const query: Record<string, string> = { limit: String(limit), ...(next ? { continue: next } : {}) };
    const page = await this.api.getJson<{ items?: KubernetesObject[]; metadata?: { continue?: string } }>(path, query).catch((err: unknown) => {
      throw this.failure(err, "list", `${describeResource(resource)}${namespace ? ` in namespace ${namespace}` : ""}`);
    });
    const apiVersion = apiVersionOf(resource);
    const items = (page.items ?? []).map((item) => ({ apiVersion, kind: resource.kind, ...item }));
    return { items, ...(page.metadata?.continue ? { continue: page.metadata.continue } : {}) };
  }

  /** Every object of a resource, page after page. */
  async *listAll(resource: ListedResource, namespace: string | undefined, limit: number): AsyncGenerator<KubernetesObject[]> {
    let next: string | undefined;
    do {
      const page = await this.listPage(resource, namespace, limit, next);
      yield page.items;
      next = page.continue;
    } while (next);
  }
}
