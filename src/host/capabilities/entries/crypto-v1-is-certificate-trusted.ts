import { replayOnly } from "./replay-only.ts";

// kwctl records the request under `request` (policy-evaluator's CryptoIsCertificateTrusted { request }).
export const isCertificateTrusted = replayOnly("crypto/v1/is_certificate_trusted", "CryptoIsCertificateTrusted", "object", (request) => ({ request }));
