import { replayOnly } from "./replay-only.ts";

export const isCertificateTrusted = replayOnly("crypto/v1/is_certificate_trusted", "CryptoIsCertificateTrusted", "object");
