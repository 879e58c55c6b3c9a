// The imitation Rekor's `dsse` entries as the real Rekor (v1.4, types/dsse/v0.0.1) stores them:
// the client proposes the whole envelope and its verifiers, and the log keeps only the
// envelope's and payload's SHA-256 and each signature with its verifier, sorted by signature.
// @sigstore/mock logs what it is sent as it is, which no real Rekor returns; cosign reads
// either, and the tests should prove that what wardenkit stores holds against the real form.
// The imitation does not check the envelope's signatures as the real Rekor does.
import { createHash } from "node:crypto";

interface ProposedDsse {
  kind?: string;
  apiVersion?: string;
  spec?: { proposedContent?: { envelope?: string; verifiers?: string[] } };
}

const sha256 = (bytes: string | Buffer) => ({ algorithm: "sha256", value: createHash("sha256").update(bytes).digest("hex") });

/** The canonical entry for a proposed `dsse` v0.0.1 entry; any other body is returned unchanged. */
export function canonicalDsseEntry(body: string): string {
  const proposed = JSON.parse(body) as ProposedDsse;
  const content = proposed.spec?.proposedContent;
  if (proposed.kind !== "dsse" || proposed.apiVersion !== "0.0.1" || content?.envelope === undefined) return body;
  const envelope = JSON.parse(content.envelope) as { payload: string; signatures: { sig: string }[] };
  const [verifier] = content.verifiers ?? [];
  const signatures = envelope.signatures.map(({ sig }) => ({ signature: sig, verifier })).sort((a, b) => (a.signature < b.signature ? -1 : 1));
  return JSON.stringify({
    apiVersion: "0.0.1",
    kind: "dsse",
    spec: { envelopeHash: sha256(content.envelope), payloadHash: sha256(Buffer.from(envelope.payload, "base64")), signatures },
  });
}
