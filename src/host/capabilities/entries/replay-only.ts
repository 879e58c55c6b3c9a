// A capability this host has no source for yet: answered from a replay session
// when the evaluation has one, refused (by the registry) otherwise.
import type { CapabilityEntry } from "../capability-entry.ts";
import { jsonPayload } from "../json-payload.ts";

/**
 * `recordedAs` turns the guest's request into the fields kwctl records under
 * `replayTag` (a bare image reference is recorded as `{image}`, for instance).
 */
export function replayOnly(
  path: string, replayTag: string, body: "object" | "string", recordedAs: (request: unknown) => unknown = (request) => request,
): CapabilityEntry {
  const operation = path.slice(path.indexOf("/") + 1);
  return {
    path, replayTag,
    parse: (payload) => jsonPayload(operation, payload, body),
    replayRequest: (request) => ({ tag: replayTag, request: recordedAs(request) }),
  };
}
