// One stored object judged by the policies that select its resource, through the one
// evaluation path `check` takes (src/policyset/evaluate.ts): matched as the API server matches
// a CREATE of it (rules, namespace and object selectors, matchConditions), then sent to the
// policy as Kubewarden's audit-scanner sends it (scanner/admission_request.go): a CREATE with
// the object's uid, its kind also as `resource.resource`, no userInfo.
import type { AdmissionRequest } from "../host/admission-request.ts";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { evaluatePolicy } from "../policyset/evaluate.ts";
import { JudgedRequest } from "../policyset/judged-request.ts";
import { requestFor } from "../policyset/requests.ts";
import type { EvaluationContext, Verdict } from "../policyset/verdict.ts";
import type { AuditPolicy } from "./audit-policies.ts";
import type { AuditedObject, AuditResult } from "./audit-result.ts";
import { apiVersionOf, type ListedResource } from "./cluster-reader.ts";

export function auditedObject(object: KubernetesObject, resource: ListedResource): AuditedObject {
  const { name, namespace, uid, resourceVersion } = (object.metadata ?? {}) as { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
  return {
    apiVersion: apiVersionOf(resource), kind: resource.kind, resource: resource.resource,
    ...(namespace ? { namespace } : {}), name: name ?? "", ...(uid ? { uid } : {}), ...(resourceVersion ? { resourceVersion: String(resourceVersion) } : {}),
  };
}

/** What audit-scanner sends a policy for a stored object. */
export function scannerRequest(matched: AdmissionRequest, object: KubernetesObject): AdmissionRequest {
  const { kind } = matched;
  return {
    uid: String(object.metadata?.uid ?? ""),
    kind,
    resource: { group: kind.group, version: kind.version, resource: kind.kind },
    requestKind: kind,
    ...(matched.name ? { name: matched.name } : {}),
    ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
    operation: "CREATE",
    userInfo: {},
    object,
  };
}

function fromVerdict(verdict: Verdict): Pick<AuditResult, "outcome" | "message"> {
  const causes = (verdict.causes ?? []).map((c) => `${c.field}: ${c.message ?? "denied"}`);
  const message = [verdict.message, ...causes].filter(Boolean).join("; ");
  return { outcome: verdict.result, ...(message ? { message } : {}) };
}

/** The result of each policy that sees the object (an AdmissionPolicy sees only its namespace's); `starting` is told of each evaluation before it runs. */
export function auditObject(object: KubernetesObject, resource: ListedResource, policies: AuditPolicy[], context: EvaluationContext, starting?: (policy: AuditPolicy) => void): AuditResult[] {
  const audited = auditedObject(object, resource);
  const seeing = policies.filter((p) => p.described.namespace === undefined || p.described.namespace === audited.namespace);
  if (!seeing.length) return [];
  let judged: JudgedRequest;
  try {
    const matched = requestFor(object, { resource: `${audited.apiVersion}/${resource.resource}` });
    judged = new JudgedRequest(matched, scannerRequest(matched, object));
  } catch (err) {
    return seeing.map((p) => ({ policy: p.described, resource: audited, outcome: "error", message: `cannot build its admission request: ${(err as Error).message}` }));
  }
  const source = `${resource.resource} ${audited.namespace ? `${audited.namespace}/` : ""}${audited.name}`;
  return seeing.map((p): AuditResult => {
    if (!p.loaded) return { policy: p.described, resource: audited, outcome: "error", message: p.problem };
    starting?.(p);
    try {
      return { policy: p.described, resource: audited, ...fromVerdict(evaluatePolicy(p.loaded, judged, context, source)) };
    } catch (err) {
      return { policy: p.described, resource: audited, outcome: "error", message: (err as Error).message };
    }
  });
}

/** What could not be evaluated, as `error` for each policy that would have judged each object. */
export function unevaluated(objects: KubernetesObject[], resource: ListedResource, policies: AuditPolicy[], reason: string): AuditResult[] {
  return objects.flatMap((object) => {
    const audited = auditedObject(object, resource);
    return policies
      .filter((p) => p.described.namespace === undefined || p.described.namespace === audited.namespace)
      .map((p): AuditResult => ({ policy: p.described, resource: audited, outcome: "error", message: reason }));
  });
}
