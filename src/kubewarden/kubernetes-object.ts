// A Kubernetes object as wardenkit reads it from files, requests and host answers: only the
// fields every kind has are typed, the rest is whatever the object carries.
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}
