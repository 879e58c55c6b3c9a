// From a policy's ValidationResponse to the AdmissionResponse policy-server
// sends back, including monitor mode and the mutation rules.
import { mutationRefused } from "../kubewarden/host-wording.ts";
import { diff } from "./json-patch.ts";
import type { AdmissionRequest } from "./admission-request.ts";
import type { PolicyMetadata } from "../wasm/policy-metadata.ts";

/** What a policy answers to `validate` (snake_case on the wire). */
export interface PolicyValidationResponse {
  accepted: boolean;
  message?: string | null;
  code?: number | null;
  mutated_object?: unknown;
  warnings?: string[] | null;
  audit_annotations?: Record<string, string> | null;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  /** `details.causes` carries the policy's own message when a custom one replaces it. */
  status?: { message?: string; code?: number; details?: { causes: { field?: string; message?: string }[] } };
  patchType?: "JSONPatch";
  patch?: string;
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

export interface ResponseOptions {
  /** monitor: log what the policy decided, allow everything, never patch. */
  mode?: "protect" | "monitor";
  /** Whether the policy may mutate (the CR's spec.mutating); default true. */
  allowedToMutate?: boolean;
  policyId?: string;
  /** The policy's spec.message: replaces a rejection's message, which moves to the causes. */
  message?: string;
}

/**
 * policy-server's options for a policy whose manifest says what its metadata says (as the
 * manifest `wardenkit manifest` writes): a patch is refused unless the metadata declares
 * `mutating: true`. A module without metadata is let patch, as `kwctl run` runs one.
 */
export function declaredResponseOptions(metadata: Pick<PolicyMetadata, "mutating"> | null, policyId: string): ResponseOptions {
  return metadata ? { allowedToMutate: metadata.mutating === true, policyId } : { policyId };
}

export const MUTATION_OF_DELETED_OBJECT =
  "Incoming object is null, which happens only with DELETE operations, but the policy is attempting a mutation. This is not allowed";

/** A rejection for a policy that failed rather than decided. */
export function internalError(uid: string, error: string): AdmissionResponse {
  return { uid, allowed: false, status: { message: `internal server error: ${error}`, code: 500 } };
}

/** Parses and checks a `validate` answer; returns an error text when it is not a ValidationResponse. */
export function parseValidationResponse(bytes: Uint8Array): PolicyValidationResponse | string {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    return `the policy's answer is not JSON: ${(err as Error).message}`;
  }
  const r = value as PolicyValidationResponse;
  if (typeof value !== "object" || value === null || typeof r.accepted !== "boolean") return "the policy's answer has no boolean `accepted`";
  if (r.message != null && typeof r.message !== "string") return "the policy's `message` is not a string";
  if (r.code != null && !(Number.isInteger(r.code) && r.code >= 0 && r.code <= 65535)) return "the policy's `code` is not an HTTP code";
  if (r.warnings != null && !(Array.isArray(r.warnings) && r.warnings.every((w) => typeof w === "string"))) return "the policy's `warnings` is not a list of strings";
  return r;
}

export function toAdmissionResponse(request: AdmissionRequest, policy: PolicyValidationResponse, options: ResponseOptions = {}): AdmissionResponse {
  const response: AdmissionResponse = { uid: request.uid, allowed: policy.accepted };
  if (policy.mutated_object != null) {
    if (request.object === undefined) return { uid: request.uid, allowed: false, status: { message: MUTATION_OF_DELETED_OBJECT, code: 500 } };
    const ops = diff(request.object, policy.mutated_object);
    if (ops.length > 0) {
      response.patchType = "JSONPatch";
      response.patch = Buffer.from(JSON.stringify(ops)).toString("base64");
    }
  }
  if (policy.message != null || policy.code != null) {
    response.status = {};
    if (policy.message != null) response.status.message = policy.message;
    if (policy.code != null) response.status.code = policy.code;
  }
  if (policy.warnings != null) response.warnings = policy.warnings;
  if (policy.audit_annotations != null) response.auditAnnotations = policy.audit_annotations;

  // policy-server's order: monitor mode, then the mutation rule, then the custom message.
  if (options.mode === "monitor") return monitored(response);
  if (response.patch && options.allowedToMutate === false) {
    return withCustomMessage({
      uid: request.uid,
      allowed: false,
      status: {
        message: mutationRefused(options.policyId ?? "policy"),
      },
    }, options.message);
  }
  return withCustomMessage(response, options.message);
}

/** A decision in monitor mode: allowed and never patched; warnings and audit annotations kept. */
export function monitored(decided: AdmissionResponse): AdmissionResponse {
  const response: AdmissionResponse = { uid: decided.uid, allowed: true };
  if (decided.warnings) response.warnings = decided.warnings;
  if (decided.auditAnnotations) response.auditAnnotations = decided.auditAnnotations;
  return response;
}

/** spec.message replaces a rejection's message; the policy's own moves to details.causes. */
export function withCustomMessage(response: AdmissionResponse, message: string | undefined): AdmissionResponse {
  if (!message || response.allowed) return response;
  const own = response.status?.message;
  return { ...response, status: { ...response.status, message, ...(own ? { details: { causes: [{ message: own }] } } : {}) } };
}
