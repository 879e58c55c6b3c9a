// The payload cosign signs for an image: Red Hat's "simple signing" JSON, naming the image's
// manifest digest under `critical` and carrying the signer's annotations (`-a key=value`)
// under `optional`. Written byte for byte as cosign 2.x writes it, keys in Go's order.

export const SIMPLE_SIGNING_TYPE = "cosign container image signature";

export interface SimpleSigning {
  /** The repository the image was signed in, `host/repository`. */
  dockerReference: string;
  /** `sha256:<hex>` of the image manifest. */
  manifestDigest: string;
  /** Annotations as the payload holds them: strings, numbers and booleans as their text. */
  annotations: Record<string, string>;
}

/** The payload bytes for an image; annotations sorted by key, as Go writes a map, or `null`. */
export function simpleSigningPayload(dockerReference: string, manifestDigest: string, annotations: Record<string, string> = {}): Uint8Array {
  const keys = Object.keys(annotations).sort();
  const optional = keys.length === 0 ? null : Object.fromEntries(keys.map((k) => [k, annotations[k]]));
  const payload = {
    critical: {
      identity: { "docker-reference": dockerReference },
      image: { "docker-manifest-digest": manifestDigest },
      type: SIMPLE_SIGNING_TYPE,
    },
    optional,
  };
  return new TextEncoder().encode(JSON.stringify(payload));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The annotations a verifier can compare: sigstore-rs compares strings, numbers and booleans by their text. */
function comparableAnnotations(optional: unknown): Record<string, string> {
  if (!isRecord(optional)) return {};
  const entries = Object.entries(optional).filter(([, v]) => ["string", "number", "boolean"].includes(typeof v));
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

/** A payload read back, or a reason it is not one. */
export function parseSimpleSigning(bytes: Uint8Array): SimpleSigning | string {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return "the payload is not JSON";
  }
  const critical = isRecord(value) ? value.critical : undefined;
  if (!isRecord(critical) || !isRecord(critical.image) || typeof critical.image["docker-manifest-digest"] !== "string") {
    return "the payload has no critical.image.docker-manifest-digest";
  }
  const identity = isRecord(critical.identity) ? critical.identity["docker-reference"] : undefined;
  return {
    dockerReference: typeof identity === "string" ? identity : "",
    manifestDigest: critical.image["docker-manifest-digest"],
    annotations: comparableAnnotations((value as Record<string, unknown>).optional),
  };
}

/** Whether a payload carries every required annotation with its value. */
export function hasAnnotations(payload: SimpleSigning, required: Record<string, string>): boolean {
  return Object.entries(required).every(([k, v]) => payload.annotations[k] === v);
}
