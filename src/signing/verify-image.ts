// Verifies an image in a registry against a verification config: its digest resolved once,
// its signatures read from the `.sig` tag of that digest, and the config judged on them.
// The digest returned is the one verified: fetch the module by it, never by the tag again.
import { RepositoryClient, type ClientOptions } from "../oci/client.ts";
import { parseReference, pinnedReference } from "../oci/reference.ts";
import { describeRule } from "./describe-rule.ts";
import { evaluateConfig, isAccepted, type ConfigEvaluation } from "./evaluate-config.ts";
import type { KeylessVerifier } from "./keyless-identity.ts";
import { readSignatures, type ImageSignatures } from "./read-signatures.ts";
import { imageDigest } from "./sign-image.ts";
import { SigningError } from "./signing-errors.ts";
import { configRules, type VerificationConfig } from "./verification-config.ts";

export interface VerifyImageOptions extends ClientOptions {
  /** Verifies keyless signatures; without it a config with keyless rules is refused. */
  keyless?: KeylessVerifier;
}

export interface VerifiedImage {
  /** `registry://host/repo@sha256:…`: the manifest that was verified. */
  reference: string;
  digest: string;
  /** How many signatures the image has. */
  signatures: number;
  /** The rules that were satisfied, as messages name them. */
  satisfied: string[];
}

/** The image was read, and its signatures do not satisfy the config. */
export class VerificationError extends SigningError {}

/** Refuses, before any network, a config with rules this verifier cannot check: failing closed, never passing. */
export function requireHonourable(config: VerificationConfig, keyless: KeylessVerifier | undefined): void {
  const keylessRules = configRules(config).filter((r) => r.kind !== "pubKey");
  if (keylessRules.length > 0 && !keyless) {
    throw new SigningError(
      `${config.source} cannot be honoured: ${keylessRules.map(describeRule).join("; ")} ${keylessRules.length === 1 ? "is a keyless rule" : "are keyless rules"}, ` +
        "which need a Sigstore trust root to verify certificates, and none was given",
    );
  }
}

function refusal(reference: string, config: VerificationConfig, found: ImageSignatures, evaluation: ConfigEvaluation): string {
  const reasons: string[] = [];
  for (const rule of evaluation.missingAllOf) reasons.push(`${describeRule(rule)} is not satisfied`);
  const short = evaluation.anyOfShort;
  if (short) {
    reasons.push(`anyOf needs ${short.needed} matching signature${short.needed === 1 ? "" : "s"} and ${short.matched} matched; not matched: ${short.unmatched.map(describeRule).join("; ")}`);
  }
  const have = found.signatures.length === 0 && found.skipped.length === 0
    ? `no signatures found (no tag ${found.tag})`
    : `${found.signatures.length} signature${found.signatures.length === 1 ? "" : "s"} found in ${found.tag}`;
  const skipped = found.skipped.length ? `; ${found.skipped.length} layer${found.skipped.length === 1 ? "" : "s"} skipped: ${found.skipped.join("; ")}` : "";
  const keyless = evaluation.keylessProblems.length ? `; keyless signatures not trusted: ${evaluation.keylessProblems.join("; ")}` : "";
  return `${reference} is refused by ${config.source}: ${reasons.join("; ")} (${have}${skipped}${keyless})`;
}

export async function verifyImage(reference: string, config: VerificationConfig, options: VerifyImageOptions = {}): Promise<VerifiedImage> {
  requireHonourable(config, options.keyless);
  const ref = parseReference(reference);
  const client = new RepositoryClient(ref, "pull", options);
  const digest = await imageDigest(client, reference);
  const pinned = pinnedReference(ref, digest);
  const found = await readSignatures(client, digest);
  const evaluation = await evaluateConfig(config, found.signatures, options.keyless);
  if (!isAccepted(evaluation)) throw new VerificationError(refusal(pinned, config, found, evaluation));
  return { reference: pinned, digest, signatures: found.signatures.length, satisfied: evaluation.satisfied.map(describeRule) };
}
