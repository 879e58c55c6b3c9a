// The Sigstore trust root a keyless signature is checked against: Fulcio's CA certificates,
// Rekor's and the CT logs' keys, each valid for a period. Read from Sigstore's TrustedRoot JSON
// (what cosign's `--trusted-root` reads), or from a ClientTrustConfig that wraps one (what
// policy-server's `--sigstore-trust-config` reads). A trust root without a CA, a Rekor key or a
// CT log key cannot verify anything keyless, so it is refused when read, never later passed over.
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { toTrustMaterial, type TrustMaterial } from "@sigstore/verify";
import { readTextFile } from "../../io/text-file.ts";
import { KeylessError, keylessMessages, readFailure } from "./errors.ts";

export interface TrustRoot {
  /** Where it was read from, for messages. */
  source: string;
  material: TrustMaterial;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The TrustedRoot inside a ClientTrustConfig, or the document itself. */
function trustedRootObject(document: unknown): unknown {
  return isRecord(document) && isRecord(document.trustedRoot) ? document.trustedRoot : document;
}

function requireParts(material: TrustMaterial, source: string): void {
  const missing = [
    material.certificateAuthorities.length === 0 && "Fulcio certificate authority (certificateAuthorities)",
    material.tlogs.length === 0 && "Rekor key (tlogs)",
    material.ctlogs.length === 0 && "certificate-transparency log key (ctlogs)",
  ].filter((what): what is string => typeof what === "string");
  if (missing.length > 0) throw new KeylessError(keylessMessages.trustRootMissing(source, missing.join(", ")));
}

/** A trust root from the text of a TrustedRoot or ClientTrustConfig JSON document. */
export function parseTrustRoot(text: string, source: string): TrustRoot {
  let material: TrustMaterial;
  try {
    const document = trustedRootObject(JSON.parse(text));
    if (!isRecord(document)) throw new Error("it is not a JSON object");
    material = toTrustMaterial(TrustedRoot.fromJSON(document));
  } catch (err) {
    throw new KeylessError(keylessMessages.trustRootUnreadable(source, (err as Error).message));
  }
  requireParts(material, source);
  return { source, material };
}

/** Reads a trust root file; every failure is a KeylessError naming the file. */
export function readTrustRoot(path: string): TrustRoot {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (err) {
    throw new KeylessError(keylessMessages.trustRootUnreadable(path, readFailure(err, path)));
  }
  return parseTrustRoot(text, path);
}
