// oci/v1/verify and oci/v2/verify share one shape: the request read as its version carries
// it, answered from a replay session under its kind's tag, or by the evaluation's external
// source (live, in serve and `run --live`), which gets the request as v2 carries it.
import type { CapabilityEntry, ReplayRequest } from "../capability-entry.ts";

const encoder = new TextEncoder();

export function sigstoreVerifyEntry(path: string, parse: (payload: Uint8Array) => ReplayRequest): CapabilityEntry<ReplayRequest> {
  return {
    path,
    parse,
    replayRequest: (request) => request,
    hasSource: ({ external }) => external !== undefined,
    answer: ({ tag, request }, { external }) => encoder.encode(JSON.stringify(external!.sigstoreVerify({ ...(request as object), type: tag }))),
  };
}
