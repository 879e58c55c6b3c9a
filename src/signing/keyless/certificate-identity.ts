// Who a Fulcio certificate was issued to, read as sigstore-rs reads it for policy-server's
// rules: the OIDC issuer (Fulcio's issuer extension), the subject (the SAN: an email address or
// a URI) and, for GitHub Actions, the workflow's repository (`owner/repo`, Fulcio's legacy
// extension 1.3.6.1.4.1.57264.1.5, which Kubewarden's githubAction rule reads).
import type { X509Certificate } from "@sigstore/core";
import type { KeylessIdentity } from "../keyless-identity.ts";
import { KeylessError, keylessMessages } from "./errors.ts";

const OID_ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
const OID_GITHUB_WORKFLOW_REPOSITORY = "1.3.6.1.4.1.57264.1.5";

/** A verified identity, with the certificate that names it (PEM). */
export interface VerifiedKeylessIdentity extends KeylessIdentity {
  certificate: string;
}

function legacyExtension(certificate: X509Certificate, oid: string): string | undefined {
  return certificate.extension(oid)?.value.toString("ascii");
}

/**
 * The identity of a certificate that has already been verified. The issuer is read from the
 * legacy extension first, as sigstore-rs 0.13 reads it; `issuerV2` (sigstore-js's reading of
 * the newer extension 1.3.6.1.4.1.57264.1.8) only when the certificate has no legacy one.
 */
export function certificateIdentity(certificate: X509Certificate, pem: string, issuerV2: string | undefined): VerifiedKeylessIdentity {
  const oidcIssuer = legacyExtension(certificate, OID_ISSUER_V1) ?? issuerV2;
  if (!oidcIssuer) throw new KeylessError(keylessMessages.noIssuer);
  const email = certificate.extSubjectAltName?.rfc822Name;
  const repository = legacyExtension(certificate, OID_GITHUB_WORKFLOW_REPOSITORY);
  return {
    issuer: oidcIssuer,
    subject: email ?? certificate.subjectAltName ?? "",
    subjectKind: email ? "email" : "uri",
    ...(repository ? { githubWorkflowRepository: repository } : {}),
    certificate: pem,
  };
}
