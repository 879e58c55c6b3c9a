// The namespaces a suite or check knows, from its Namespace objects, with the
// kubernetes.io/metadata.name label the API server gives every namespace.
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";

export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export class Namespaces {
  private readonly known = new Map<string, Record<string, string>>();

  constructor(objects: KubernetesObject[] = []) {
    for (const o of objects) if (o.kind === "Namespace" && o.apiVersion === "v1" && o.metadata?.name) this.add(o);
  }

  add(namespace: KubernetesObject): void {
    const name = namespace.metadata!.name!;
    this.known.set(name, { ...(namespace.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: name });
  }

  /** Its labels, or only its name label when no Namespace object was given. */
  labels(name: string): { labels: Record<string, string>; known: boolean } {
    const labels = this.known.get(name);
    return labels ? { labels, known: true } : { labels: { [NAMESPACE_NAME_LABEL]: name }, known: false };
  }
}
