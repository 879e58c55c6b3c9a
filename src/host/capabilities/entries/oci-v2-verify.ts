import { parseV2 } from "./sigstore-requests.ts";
import { sigstoreVerifyEntry } from "./sigstore-verify-entry.ts";

export const ociV2Verify = sigstoreVerifyEntry("oci/v2/verify", parseV2);
