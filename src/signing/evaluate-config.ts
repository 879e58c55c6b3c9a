// Judges an image's signatures against a verification config as policy-fetcher does: a rule
// is satisfied when at least one signature satisfies it; every allOf rule must be, and at
// least minimumMatches of the anyOf rules. Keyless identities are verified once per signature.
import type { KeylessIdentity, KeylessVerifier } from "./keyless-identity.ts";
import type { ImageSignature } from "./read-signatures.ts";
import { satisfies } from "./rule-match.ts";
import type { SignatureRule, VerificationConfig } from "./verification-config.ts";

export interface ConfigEvaluation {
  /** Every rule a signature satisfies. */
  satisfied: SignatureRule[];
  /** allOf rules no signature satisfies. */
  missingAllOf: SignatureRule[];
  /** When anyOf fell short: how many matched, and the rules that did not. */
  anyOfShort?: { matched: number; needed: number; unmatched: SignatureRule[] };
  /** Why keyless signatures were not trusted, one line each, when a keyless rule went unsatisfied. */
  keylessProblems: string[];
}

export function isAccepted(evaluation: ConfigEvaluation): boolean {
  return evaluation.missingAllOf.length === 0 && evaluation.anyOfShort === undefined;
}

/** One verified identity per signature, asked for only when a keyless rule needs it. */
function identityCache(verifier: KeylessVerifier | undefined, problems: string[]) {
  const cache = new Map<ImageSignature, Promise<KeylessIdentity | undefined>>();
  return (signature: ImageSignature) => () => {
    let identity = cache.get(signature);
    if (!identity) {
      identity = verifier
        ? verifier(signature).then((id) => {
          if (typeof id !== "string") return id;
          problems.push(`signature ${signature.layerDigest}: ${id}`);
          return undefined;
        })
        : Promise.resolve(undefined);
      cache.set(signature, identity);
    }
    return identity;
  };
}

export async function evaluateConfig(config: VerificationConfig, signatures: ImageSignature[], keyless?: KeylessVerifier): Promise<ConfigEvaluation> {
  const keylessProblems: string[] = [];
  const identityOf = identityCache(keyless, keylessProblems);
  const isMet = async (rule: SignatureRule) => {
    for (const signature of signatures) if (await satisfies(rule, signature, identityOf(signature))) return true;
    return false;
  };
  const satisfied: SignatureRule[] = [];
  const missingAllOf: SignatureRule[] = [];
  for (const rule of config.allOf) (await isMet(rule) ? satisfied : missingAllOf).push(rule);
  let anyOfShort: ConfigEvaluation["anyOfShort"];
  if (config.anyOf) {
    const unmatched: SignatureRule[] = [];
    for (const rule of config.anyOf.signatures) (await isMet(rule) ? satisfied : unmatched).push(rule);
    const matched = config.anyOf.signatures.length - unmatched.length;
    if (matched < config.anyOf.minimumMatches) anyOfShort = { matched, needed: config.anyOf.minimumMatches, unmatched };
  }
  return { satisfied, missingAllOf, anyOfShort, keylessProblems };
}
