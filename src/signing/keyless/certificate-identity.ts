// Who a Fulcio certificate was issued to, read as sigstore-rs reads it for policy-server's
// rules: the OIDC issuer (Fulcio's issuer extension), the subject (the SAN: an email address or
// a URI) and, for GitHub Actions, the workflow's repository (`owner/repo`, Fulcio's legacy
// extension 1.3.6.1.4.1.57264.1.5, which Kubewarden's githubAction rule reads).
import { X509Certificate } from "@sigstore/core";

const OID_ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
const OID_GITHUB_WORKFLOW_REPOSITORY = "1.3.6.1.4.1.57264.1.5";

export interface KeylessIdentity {
  /** The OIDC issuer that vouched for the subject, e.g. `https://token.actions.githubusercontent.com`. */
  issuer: string | undefined;
  /** The certificate's subject alternative name: an email address or a URI. */
  subject: string;
  /** `owner/repo` of the GitHub Actions workflow that signed, when the certificate says. */
  githubWorkflowRepository: string | undefined;
  /** The signing certificate, PEM. */
  certificate: string;
}

function legacyExtension(certificate: X509Certificate, oid: string): string | undefined {
  return certificate.extension(oid)?.value.toString("ascii");
}

/** The identity of a certificate that has already been verified. `issuer` is sigstore-js's reading, which prefers Fulcio's newer issuer extension. */
export function certificateIdentity(certificate: X509Certificate, pem: string, issuer: string | undefined): KeylessIdentity {
  return {
    issuer: issuer ?? legacyExtension(certificate, OID_ISSUER_V1),
    subject: certificate.subjectAltName ?? "",
    githubWorkflowRepository: legacyExtension(certificate, OID_GITHUB_WORKFLOW_REPOSITORY),
    certificate: pem,
  };
}
