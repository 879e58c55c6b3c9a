import type { CapabilityEntry, ReplayRequest } from "../capability-entry.ts";
import { parseV2 } from "./sigstore-requests.ts";

export const ociV2Verify: CapabilityEntry<ReplayRequest> = { path: "oci/v2/verify", parse: parseV2, replayRequest: (request) => request };
