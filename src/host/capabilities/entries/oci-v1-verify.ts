import { parseV1 } from "./sigstore-requests.ts";
import { sigstoreVerifyEntry } from "./sigstore-verify-entry.ts";

export const ociV1Verify = sigstoreVerifyEntry("oci/v1/verify", parseV1);
