// The AdmissionReview v1 envelope policy-server reads and writes.
import { InvalidRequestError, toAdmissionRequest, type AdmissionRequest } from "../host/admission-request.ts";
import type { AdmissionResponse } from "../host/admission-response.ts";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.ts";

export const ADMISSION_API_VERSION = "admission.k8s.io/v1";
export const HTTP_INTERNAL_ERROR = 500;

/** policy-server's answer when a policy runs out of time. */
export const TIMEOUT_MESSAGE = "Policy execution interrupted because it exceeded the allowed execution time";

export function reviewBody(response: AdmissionResponse): string {
  return JSON.stringify({ apiVersion: ADMISSION_API_VERSION, kind: "AdmissionReview", response });
}

const decoder = new TextDecoder();

/** The request inside an AdmissionReview v1 body; throws InvalidRequestError with the reason. */
export function parseReview(body: Uint8Array): AdmissionRequest {
  if (nestsDeeperThan(body)) throw new InvalidRequestError(`the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  let document: unknown;
  try {
    document = JSON.parse(decoder.decode(body));
  } catch (err) {
    throw new InvalidRequestError(`the body is not JSON: ${(err as Error).message}`);
  }
  const review = document as { apiVersion?: unknown; kind?: unknown } | null;
  if (typeof review !== "object" || review === null || review.kind !== "AdmissionReview") {
    throw new InvalidRequestError("expected an AdmissionReview");
  }
  if (review.apiVersion !== ADMISSION_API_VERSION) {
    throw new InvalidRequestError(`expected apiVersion ${ADMISSION_API_VERSION}, got ${JSON.stringify(review.apiVersion)}`);
  }
  return toAdmissionRequest(document);
}

/** The request uid, when the body has one (answers made without a worker need it). */
export function reviewUid(body: Uint8Array): string {
  try {
    return parseReview(body).uid;
  } catch {
    return "";
  }
}

/** The answer when the policy could not decide (timeout, crashed worker): deny, or allow with a warning. */
export function undecidedResponse(uid: string, policyId: string, reason: string, failOpen: boolean): AdmissionResponse {
  if (failOpen) {
    return { uid, allowed: true, warnings: [`policy ${policyId} could not decide (${reason}); the request was allowed because the server fails open`] };
  }
  return { uid, allowed: false, status: { message: reason, code: HTTP_INTERNAL_ERROR } };
}
