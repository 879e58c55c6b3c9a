import { externalCall } from "./external-call.ts";

export const isCertificateTrusted = externalCall("crypto/v1/is_certificate_trusted", "CryptoIsCertificateTrusted", "object", "isCertificateTrusted");
