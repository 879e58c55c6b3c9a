// A capability this host has no source for yet: answered from a replay session
// when the evaluation has one, refused (by the registry) otherwise.
import type { CapabilityEntry } from "../capability-entry.ts";
import { jsonPayload } from "../json-payload.ts";

export function replayOnly(path: string, replayTag: string, body: "object" | "string"): CapabilityEntry {
  const operation = path.slice(path.indexOf("/") + 1);
  return { path, replayTag, parse: (payload) => jsonPayload(operation, payload, body) };
}
