// The keyless verifier that verification configs plug in (../keyless-identity.ts): every
// signature checked against one trust root, its identity or the reason it has none.
import type { KeylessVerifier } from "../keyless-identity.ts";
import type { TrustRoot } from "./trust-root.ts";
import { verifyKeylessSignature } from "./verify-keyless.ts";

export function keylessVerifier(trustRoot: TrustRoot): KeylessVerifier {
  return async (signature) => {
    try {
      return verifyKeylessSignature(signature, trustRoot);
    } catch (err) {
      return (err as Error).message;
    }
  };
}
