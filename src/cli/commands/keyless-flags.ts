// The flags of keyless signing and verification, declared once for sign, verify and publish:
// the names are cosign's, so a command line reads the same with either tool.
import { PUBLIC_FULCIO_URL, PUBLIC_REKOR_URL } from "../../signing/keyless/public-instances.ts";
import { stringFlag } from "../flags.ts";

export const TRUSTED_ROOT_FLAG = stringFlag(
  "trusted_root.json",
  "the Sigstore trust root keyless signatures are checked against: a TrustedRoot JSON (cosign's --trusted-root) or a ClientTrustConfig (policy-server's --sigstore-trust-config)",
);

export const KEYLESS_SIGNING_FLAGS = {
  "identity-token": stringFlag("token|@file", "sign keyless: the OIDC identity token (a JWT) Fulcio certifies, or @file to read it from a file"),
  "fulcio-url": stringFlag("url", "the Fulcio that certifies the identity token", { default: PUBLIC_FULCIO_URL }),
  "rekor-url": stringFlag("url", "the Rekor that logs the signature", { default: PUBLIC_REKOR_URL }),
  "trusted-root": TRUSTED_ROOT_FLAG,
};

export const KEYLESS_VERIFY_FLAGS = {
  "certificate-identity": stringFlag("subject", "accept a keyless signature whose certificate names exactly this subject (an email or a URI); needs --certificate-oidc-issuer"),
  "certificate-oidc-issuer": stringFlag("url", "the OIDC issuer that certificate must name"),
  "trusted-root": TRUSTED_ROOT_FLAG,
};
