// The namespaces a suite or check knows, from its Namespace objects, with the
// kubernetes.io/metadata.name label the API server gives every namespace.
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";

export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export class Namespaces {
  private readonly known = new Map<string, Record<string, string>>();

  constructor(objects: Iterable<KubernetesObject> = []) {
    for (const o of objects) this.consider(o);
  }

  /** Learns the labels of a Namespace object; any other object is ignored. */
  consider(object: KubernetesObject): void {
    const name = object.metadata?.name;
    if (object.kind !== "Namespace" || object.apiVersion !== "v1" || !name) return;
    this.known.set(name, { ...(object.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: name });
  }

  /** Its labels, or only its name label when no Namespace object was given. */
  labels(name: string): { labels: Record<string, string>; known: boolean } {
    const labels = this.known.get(name);
    return labels ? { labels, known: true } : { labels: { [NAMESPACE_NAME_LABEL]: name }, known: false };
  }
}
