// A cluster given as a list of objects: answers list and get requests the way
// the API server would, with selectors applied.
import type { KubernetesObject } from "../../kubewarden/kubernetes-object.ts";
import { HostCallError } from "../guest.ts";
import { resourceNotFound } from "../../kubewarden/host-wording.ts";
import { matchesFieldSelector, matchesLabelSelector } from "./selectors.ts";
import { maskAnswer } from "./field-masks.ts";
import type { GetResourceRequest, KubernetesSource, ListAllRequest, ListByNamespaceRequest } from "./kubernetes-requests.ts";


export { maskAnswer } from "./field-masks.ts";

export class ClusterState implements KubernetesSource {
  constructor(readonly objects: KubernetesObject[]) {}

  private ofType(apiVersion: string, kind: string): KubernetesObject[] {
    return this.objects.filter((o) => o.apiVersion === apiVersion && o.kind === kind);
  }

  private list(apiVersion: string, kind: string, items: KubernetesObject[], request: ListAllRequest): unknown {
    let selected: KubernetesObject[];
    try {
      selected = items.filter(
        (o) => matchesLabelSelector(request.label_selector, o.metadata?.labels) && matchesFieldSelector(request.field_selector, o),
      );
    } catch (err) {
      throw new HostCallError((err as Error).message);
    }
    return maskAnswer({ apiVersion, kind: `${kind}List`, metadata: { resourceVersion: "" }, items: selected }, request.field_masks);
  }

  listByNamespace(request: ListByNamespaceRequest): unknown {
    const items = this.ofType(request.api_version, request.kind).filter((o) => o.metadata?.namespace === request.namespace);
    return this.list(request.api_version, request.kind, items, request);
  }

  listAll(request: ListAllRequest): unknown {
    return this.list(request.api_version, request.kind, this.ofType(request.api_version, request.kind), request);
  }

  getResource(request: GetResourceRequest): unknown {
    const namespace = request.namespace ?? undefined;
    const found = this.ofType(request.api_version, request.kind).find(
      (o) => o.metadata?.name === request.name && (o.metadata?.namespace ?? undefined) === namespace,
    );
    if (!found) {
      throw new HostCallError(resourceNotFound(request.api_version, request.kind, request.name, namespace));
    }
    return maskAnswer(found, request.field_masks);
  }
}
