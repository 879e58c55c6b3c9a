// When a signature layer's Rekor entry was integrated, as sigstore-rs 0.13 reads a layer's
// bundle (cosign/signature_layers.rs): without Rekor keys the bundle is ignored; with them it
// counts only when its signed entry timestamp (SET) verifies with a Rekor key of the trust
// root whose log ID it names, and a bundle that does not verify spoils the whole layer.
import { crypto as sigstoreCrypto, json } from "@sigstore/core";
import type { ImageSignature } from "../read-signatures.ts";
import { BUNDLE_ANNOTATION } from "../signature-tag.ts";
import { parseRekorBundle, type RekorBundle } from "./cosign-bundle.ts";
import type { TrustRoot } from "./trust-root.ts";

/** Seconds since the epoch; "none" when the layer carries no bundle that counts; "invalid" when its bundle does not verify. */
export type BundleTime = number | "none" | "invalid";

function setVerifies(bundle: RekorBundle, trustRoot: TrustRoot): boolean {
  const { body, integratedTime, logIndex, logID } = bundle.Payload;
  const signed = Buffer.from(json.canonicalize({ body, integratedTime, logIndex, logID }), "utf8");
  const at = new Date(integratedTime * 1000);
  return trustRoot.material.tlogs.some((tlog) =>
    tlog.logID.toString("hex") === logID && tlog.validFor.start <= at && at <= tlog.validFor.end &&
    sigstoreCrypto.verify(signed, tlog.publicKey, Buffer.from(bundle.SignedEntryTimestamp, "base64")));
}

/** The integrated time of `signature`'s Rekor bundle, checked against `trustRoot`'s Rekor keys. */
export function rekorBundleTime(signature: ImageSignature, trustRoot: TrustRoot | undefined): BundleTime {
  const text = signature.annotations[BUNDLE_ANNOTATION];
  if (text === undefined || trustRoot === undefined) return "none";
  try {
    const bundle = parseRekorBundle(text);
    return setVerifies(bundle, trustRoot) ? bundle.Payload.integratedTime : "invalid";
  } catch {
    return "invalid";
  }
}
