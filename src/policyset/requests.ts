// The AdmissionRequest the API server would send for an object: its namespace filled in
// as kubectl and the API server do (`default` for a namespaced kind that names none).
import type { AdmissionRequest } from "../host/admission-request.ts";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { wrapObject, type WrapOptions } from "../host/wrap-object.ts";

export const DEFAULT_NAMESPACE = "default";

/** Built-in kinds that live outside namespaces; every other kind (custom ones too) is namespaced. */
const CLUSTER_SCOPED = new Set([
  "Namespace", "Node", "PersistentVolume", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment",
  "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "APIService", "PriorityClass", "RuntimeClass",
  "IngressClass", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding", "CertificateSigningRequest", "ComponentStatus", "FlowSchema",
  "PriorityLevelConfiguration", "ClusterAdmissionPolicy", "ClusterAdmissionPolicyGroup", "PolicyServer",
]);

export function isClusterScoped(kind: string | undefined): boolean {
  return CLUSTER_SCOPED.has(kind ?? "");
}

function inNamespace<T extends KubernetesObject | undefined>(object: T, namespace: string | undefined): T {
  if (!object || !namespace || object.metadata?.namespace === namespace) return object;
  return { ...object, metadata: { ...object.metadata, namespace } };
}

export interface RequestOptions extends WrapOptions {
  userInfo?: AdmissionRequest["userInfo"];
  /** The namespace of namespaced objects that name none, as `kubectl apply -n` gives it. */
  defaultNamespace?: string;
}

/** `object` is the object under review; for DELETE, the object being deleted. */
export function requestFor(object: KubernetesObject, options: RequestOptions = {}): AdmissionRequest {
  const namespace = isClusterScoped(object.kind) ? undefined : object.metadata?.namespace ?? options.defaultNamespace ?? DEFAULT_NAMESPACE;
  const oldObject = options.oldObject as KubernetesObject | undefined;
  const request = wrapObject(inNamespace(object, namespace), { ...options, oldObject: inNamespace(oldObject, namespace) });
  if (options.userInfo) request.userInfo = options.userInfo;
  // The API server reviews a Namespace with its own name as the request's namespace.
  if (object.kind === "Namespace" && object.metadata?.name) request.namespace = object.metadata.name;
  return request;
}

/** `Pod default/web`, `Namespace team-a`. */
export function describeObject(object: KubernetesObject, defaultNamespace = DEFAULT_NAMESPACE): string {
  const { name, namespace, generateName } = object.metadata ?? {};
  const shown = name ?? (generateName ? `${generateName as string}…` : "(no name)");
  return `${object.kind} ${isClusterScoped(object.kind) ? "" : `${namespace ?? defaultNamespace}/`}${shown}`;
}
