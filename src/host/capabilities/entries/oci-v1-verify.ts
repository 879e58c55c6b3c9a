import type { CapabilityEntry, ReplayRequest } from "../capability-entry.ts";
import { parseV1 } from "./sigstore-requests.ts";

export const ociV1Verify: CapabilityEntry<ReplayRequest> = { path: "oci/v1/verify", parse: parseV1, replayRequest: (request) => request };
