// The few API calls wardenkit makes, through @kubernetes/client-node's generic object API:
// discovery, server-side apply, get and delete of policies, and reads of the policy server.
import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from "@kubernetes/client-node";
import { ClusterError, isNotFound, toClusterError } from "./errors.ts";
import type { LoadedKubeConfig } from "./kubeconfig.ts";
import { POLICIES_API_VERSION, POLICY_SERVER_KIND } from "../kubewarden/policy-kinds.ts";
import type { PolicyObject } from "../manifests/policy-documents.ts";

/** The field manager named in every server-side apply, so ownership is visible in the object. */
export const FIELD_MANAGER = "wardenkit";
/** The kind the Kubewarden controller owns; without its CRD there is no controller. */

/** KubernetesObjectApi with its discovery lookup made callable. */
class ObjectApi extends KubernetesObjectApi {
  discover(apiVersion: string, kind: string) {
    return this.resource(apiVersion, kind);
  }
}

/** A policy or policy server as read back: what wardenkit looks at in its status. */
export interface ObservedObject extends KubernetesObject {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export class PolicyClient {
  private readonly api: ObjectApi;
  readonly server: string;
  /** The current context's namespace, for namespaced policies that name none. */
  readonly defaultNamespace: string;

  constructor(loaded: LoadedKubeConfig) {
    this.api = loaded.config.makeApiClient(ObjectApi);
    this.server = loaded.server;
    this.defaultNamespace = loaded.config.getContextObject(loaded.context)?.namespace ?? "default";
  }

  /** The plural resource name of a kind, from discovery; says so when Kubewarden is missing. */
  async resourceOf(apiVersion: string, kind: string): Promise<string> {
    try {
      const resource = await this.api.discover(apiVersion, kind);
      if (resource) return resource.name;
    } catch (err) {
      if (isNotFound(err) && apiVersion === POLICIES_API_VERSION) {
        throw new ClusterError(`Kubewarden is not installed in the cluster at ${this.server}: it does not serve ${POLICIES_API_VERSION} (install it with make kind-kubewarden or helm install kubewarden/admission-controller)`);
      }
      throw toClusterError(err, { verb: "discover", resource: apiVersion, server: this.server });
    }
    const why = apiVersion === POLICIES_API_VERSION && kind === POLICY_SERVER_KIND
      ? `: the ${kind} CRD is not installed, so no Kubewarden controller runs there (only the policy CRDs are installed)`
      : "; is its Kubewarden too old?";
    throw new ClusterError(`the cluster at ${this.server} does not serve ${kind} in ${apiVersion}${why}`);
  }

  /** Server-side apply: creates or updates the object, owning the fields it names. */
  async apply(object: PolicyObject): Promise<ObservedObject> {
    const resource = await this.resourceOf(object.apiVersion, object.kind);
    try {
      return await this.api.patch(structuredClone(object), undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
    } catch (err) {
      throw toClusterError(err, { verb: "apply", resource, name: object.metadata.name, server: this.server });
    }
  }

  /** The object as the cluster has it now, or null when it does not exist. */
  async get(object: KubernetesObject & { metadata: { name: string } }): Promise<ObservedObject | null> {
    const resource = await this.resourceOf(object.apiVersion!, object.kind!);
    try {
      return await this.api.read(structuredClone(object) as Parameters<ObjectApi["read"]>[0]);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toClusterError(err, { verb: "get", resource, name: object.metadata.name, server: this.server });
    }
  }

  /** Deletes the object; false when it was not there. */
  async delete(object: PolicyObject): Promise<boolean> {
    const resource = await this.resourceOf(object.apiVersion, object.kind);
    try {
      await this.api.delete(structuredClone(object));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw toClusterError(err, { verb: "delete", resource, name: object.metadata.name, server: this.server });
    }
  }
}
