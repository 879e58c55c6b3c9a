import { replayOnly } from "./replay-only.ts";

// kwctl tags a recorded verification by its kind (SigstoreKeylessPrefixVerify, ...), which this host does not map yet: a session answers it under its path, so it reports the call as new.
export const ociV2Verify = replayOnly("oci/v2/verify", "oci/v2/verify", "object");
