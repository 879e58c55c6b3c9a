// `verify --certificate-identity <s> --certificate-oidc-issuer <i> -a k=v` as a verification
// config: one genericIssuer rule with an exact subject under allOf, so the command line and a
// config file are judged by the same code (as `--key` is, ../key-config.ts).
import type { VerificationConfig } from "../verification-config.ts";

export function keylessIdentityConfig(subject: string, issuer: string, annotations: Record<string, string> = {}): VerificationConfig {
  const hasAnnotations = Object.keys(annotations).length > 0;
  return {
    source: `--certificate-identity ${subject} --certificate-oidc-issuer ${issuer}`,
    allOf: [{ kind: "genericIssuer", path: "--certificate-identity", line: 0, issuer, subject: { equal: subject }, ...(hasAnnotations ? { annotations } : {}) }],
  };
}
