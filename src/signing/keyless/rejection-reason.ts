// @sigstore/verify's failures in words a user can act on: which check failed, then the
// library's own detail (and its cause), so nothing it said is lost.

const CHECKS: Record<string, string> = {
  CERTIFICATE_ERROR: "the certificate does not chain to a Fulcio CA of the trusted root, was not valid when Rekor logged the signature, or has no valid SCT",
  UNTRUSTED_SIGNER_ERROR: "the certificate does not chain to a Fulcio CA of the trusted root",
  SIGNATURE_ERROR: "the signature does not verify over the payload with the certificate's key",
  TLOG_INCLUSION_PROMISE_ERROR: "Rekor's signed entry timestamp (SET) does not verify with a Rekor key of the trusted root",
  TLOG_MISSING_INCLUSION_ERROR: "the Rekor entry has neither a signed entry timestamp nor an inclusion proof",
  TLOG_BODY_ERROR: "the Rekor entry records another signature or payload digest",
  TLOG_ERROR: "the Rekor entry cannot be used",
  TIMESTAMP_ERROR: "no trusted time of signing (Rekor's signed entry timestamp) could be verified",
};

function detail(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message !== err.message ? `${err.message}: ${cause.message}` : err.message;
}

/** Why verification failed, in words, for any error @sigstore/verify or @sigstore/bundle throws. */
export function rejectionReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const check = CHECKS[(err as { code?: string }).code ?? ""];
  return check ? `${check} (${detail(err)})` : detail(err);
}
