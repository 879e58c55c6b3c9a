// The shape shared by the OCI, DNS and crypto capabilities: the body read as
// policy-evaluator reads it, answered from a kwctl replay session or from the
// evaluation's ExternalSource (live, in serve and `run --live`).
import type { CapabilityEntry } from "../capability-entry.ts";
import type { ExternalSource } from "../external-requests.ts";
import { replayOnly } from "./replay-only.ts";

const encoder = new TextEncoder();

/** `recordedAs`: the fields kwctl records the request as (replay-only.ts). */
export function externalCall(
  path: string, replayTag: string, body: "object" | "string", method: keyof ExternalSource, recordedAs?: (request: unknown) => unknown,
): CapabilityEntry {
  return {
    ...replayOnly(path, replayTag, body, recordedAs),
    hasSource: ({ external }) => external !== undefined,
    answer: (request, { external }) => encoder.encode(JSON.stringify(external![method](request as never))),
  };
}
