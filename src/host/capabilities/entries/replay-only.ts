// A capability this host has no source for yet: answered from a replay session
// when the evaluation has one, refused (by the registry) otherwise.
import type { CapabilityEntry } from "../capability-entry.ts";
import { jsonPayload } from "../json-payload.ts";

/** `replayField` names the field of kwctl's request that holds a string body. */
export function replayOnly(path: string, replayTag: string, body: "object" | "string", replayField?: string): CapabilityEntry {
  const operation = path.slice(path.indexOf("/") + 1);
  return { path, replayTag, replayField, parse: (payload) => jsonPayload(operation, payload, body) };
}
