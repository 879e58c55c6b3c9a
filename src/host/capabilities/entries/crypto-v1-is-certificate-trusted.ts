import { externalCall } from "./external-call.ts";

// kwctl records the request under `request` (policy-evaluator's CryptoIsCertificateTrusted { request }).
export const isCertificateTrusted = externalCall("crypto/v1/is_certificate_trusted", "CryptoIsCertificateTrusted", "object", "isCertificateTrusted", (request) => ({ request }));
