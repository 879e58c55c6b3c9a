// oci/v1/verify and oci/v2/verify carry one of policy-evaluator's sigstore
// requests; kwctl records each under the request's kind as its tag
// (`!SigstorePubKeyVerify`, ...), with the request's own fields.
import { HostCallError } from "../../guest.ts";
import { jsonPayload } from "../json-payload.ts";
import type { ReplayRequest } from "../capability-entry.ts";

export const SIGSTORE_KINDS = [
  "SigstorePubKeyVerify", "SigstoreKeylessVerify", "SigstoreKeylessPrefixVerify", "SigstoreGithubActionsVerify", "SigstoreCertificateVerify",
];

function kindOf(operation: string, kind: unknown): string {
  if (typeof kind === "string" && SIGSTORE_KINDS.includes(kind)) return kind;
  throw new HostCallError(`invalid ${operation} request: unknown variant ${JSON.stringify(kind)}, expected one of ${SIGSTORE_KINDS.join(", ")}`);
}

/** v2: internally tagged, `{"type": "<kind>", ...fields}`. */
export function parseV2(payload: Uint8Array): ReplayRequest {
  const { type, ...fields } = jsonPayload("v2/verify", payload, "object") as Record<string, unknown>;
  return { tag: kindOf("v2/verify", type), request: fields };
}

/** v1: externally tagged, `{"<kind>": {...fields}}`. */
export function parseV1(payload: Uint8Array): ReplayRequest {
  const body = jsonPayload("v1/verify", payload, "object") as Record<string, unknown>;
  const keys = Object.keys(body);
  if (keys.length !== 1) throw new HostCallError("invalid v1/verify request: expected one verification kind as the only key");
  return { tag: kindOf("v1/verify", keys[0]), request: body[keys[0]] };
}
