import { replayOnly } from "./replay-only.ts";

// kwctl tags a recorded verification by its kind (SigstorePubKeyVerify, ...), which this host does not map yet: a session answers it under its path, so it reports the call as new.
export const ociV1Verify = replayOnly("oci/v1/verify", "oci/v1/verify", "object");
