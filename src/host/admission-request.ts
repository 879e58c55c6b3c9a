// Turns an AdmissionReview or a bare AdmissionRequest into the request object
// Kubewarden hands to a policy: required fields checked as
// kwctl does, absent fields omitted, keys in policy-evaluator's order.

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  requestKind?: { group: string; version: string; kind: string };
  requestResource?: { group: string; version: string; resource: string };
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: "CREATE" | "UPDATE" | "DELETE" | "CONNECT";
  userInfo: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
  options?: unknown;
}

const FIELD_ORDER = [
  "uid", "kind", "resource", "subResource", "requestKind", "requestResource", "requestSubResource",
  "name", "namespace", "operation", "userInfo", "object", "oldObject", "dryRun", "options",
] as const;

const OPERATIONS = new Set(["CREATE", "UPDATE", "DELETE", "CONNECT"]);

export class InvalidRequestError extends Error {}

function requireObjectWith(value: unknown, field: string, keys: string[]): void {
  if (typeof value !== "object" || value === null) throw new InvalidRequestError(`the request has no ${field} object`);
  for (const k of keys) {
    if (typeof (value as Record<string, unknown>)[k] !== "string") throw new InvalidRequestError(`the request's ${field}.${k} must be a string`);
  }
}

/** Accepts an AdmissionReview (its `request`) or an AdmissionRequest. */
export function toAdmissionRequest(document: unknown): AdmissionRequest {
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new InvalidRequestError("expected an AdmissionReview or AdmissionRequest JSON object");
  }
  let request = document as Record<string, unknown>;
  if (request.kind === "AdmissionReview") {
    if (typeof request.request !== "object" || request.request === null) throw new InvalidRequestError("the AdmissionReview has no request");
    request = request.request as Record<string, unknown>;
  }
  if (typeof request.uid !== "string") throw new InvalidRequestError("the request has no uid");
  requireObjectWith(request.kind, "kind", ["group", "version", "kind"]);
  requireObjectWith(request.resource, "resource", ["group", "version", "resource"]);
  if (typeof request.operation !== "string" || !OPERATIONS.has(request.operation)) {
    throw new InvalidRequestError(`the request's operation must be one of CREATE, UPDATE, DELETE, CONNECT`);
  }
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) {
    const value = key === "userInfo" ? (request.userInfo ?? {}) : request[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out as unknown as AdmissionRequest;
}
