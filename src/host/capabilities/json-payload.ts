// A guest's request body as JSON, with the message policy-evaluator's deserializer gives a bad one.
import { HostCallError } from "../guest.ts";

const decoder = new TextDecoder();

/** Parses `payload`; `expect` says which JSON type the request must be. */
export function jsonPayload(operation: string, payload: Uint8Array, expect: "object" | "string"): unknown {
  let body: unknown;
  try {
    body = JSON.parse(decoder.decode(payload));
  } catch (err) {
    throw new HostCallError(`invalid ${operation} request: ${(err as Error).message}`);
  }
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  if (expect === "object" && !isObject) throw new HostCallError(`invalid ${operation} request: expected a JSON object`);
  if (expect === "string" && typeof body !== "string") throw new HostCallError(`invalid ${operation} request: expected a JSON string`);
  return body;
}
