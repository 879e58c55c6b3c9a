// How cosign 2.x stores a keyless signature in a layer of the `.sig` manifest: the signature,
// the Fulcio certificate and its chain, and the Rekor entry with its signed entry timestamp
// (SET), each in an annotation of the layer descriptor. sigstore-rs (policy-server) and cosign
// read exactly these names and this bundle shape (cosign's pkg/cosign/bundle.RekorBundle).
// The annotation names are in ../signature-tag.ts.
import { KeylessError, keylessMessages } from "./errors.ts";

/** One signature layer as the registry holds it: the payload blob and its descriptor's annotations (an ImageSignature is one). */
export interface SignatureLayer {
  payload: Uint8Array;
  annotations: Readonly<Record<string, string>>;
}

/** cosign's RekorBundle: the SET and the entry it signs. */
export interface RekorBundle {
  SignedEntryTimestamp: string;
  Payload: {
    /** The canonicalized entry (hashedrekord), base64. */
    body: string;
    integratedTime: number;
    logIndex: number;
    /** SHA-256 of the log's public key, hex. */
    logID: string;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requireField<T>(object: Record<string, unknown>, name: string, type: "string" | "number"): T {
  if (typeof object[name] !== type) throw new KeylessError(keylessMessages.malformedBundle(`${name} must be a ${type}`));
  return object[name] as T;
}

/** Reads the bundle annotation, checking every field it needs. */
export function parseRekorBundle(text: string): RekorBundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new KeylessError(keylessMessages.malformedBundle((err as Error).message));
  }
  if (!isRecord(value) || !isRecord(value.Payload)) throw new KeylessError(keylessMessages.malformedBundle("it needs SignedEntryTimestamp and Payload"));
  const payload = value.Payload;
  return {
    SignedEntryTimestamp: requireField(value, "SignedEntryTimestamp", "string"),
    Payload: {
      body: requireField(payload, "body", "string"),
      integratedTime: requireField(payload, "integratedTime", "number"),
      logIndex: requireField(payload, "logIndex", "number"),
      logID: requireField(payload, "logID", "string"),
    },
  };
}

/** The bundle annotation's text, fields in cosign's order. */
export function formatRekorBundle(bundle: RekorBundle): string {
  const { body, integratedTime, logIndex, logID } = bundle.Payload;
  return JSON.stringify({ SignedEntryTimestamp: bundle.SignedEntryTimestamp, Payload: { body, integratedTime, logIndex, logID } });
}
