// Whether one signature satisfies one rule, as policy-fetcher's verification constraints
// decide it (crates/policy-fetcher/src/verify/verification_constraints.rs).
import { GITHUB_ACTIONS_ISSUER, type GenericIssuerRule, type GithubActionRule, type KeylessRule, type SignatureRule } from "./verification-config.ts";
import type { KeylessIdentity } from "./keyless-identity.ts";
import type { ImageSignature } from "./read-signatures.ts";
import { hasAnnotations } from "./simple-signing.ts";
import { signedByKey } from "./signed-by-key.ts";

const GITHUB = "https://github.com/";

function issuerMatches(rule: GenericIssuerRule, identity: KeylessIdentity): boolean {
  if (identity.issuer !== rule.issuer) return false;
  return "equal" in rule.subject ? identity.subject === rule.subject.equal : identity.subject.startsWith(rule.subject.urlPrefix);
}

function githubMatches(rule: GithubActionRule, identity: KeylessIdentity): boolean {
  if (identity.issuer !== GITHUB_ACTIONS_ISSUER || identity.subjectKind !== "uri" || !identity.subject.startsWith(GITHUB)) return false;
  const [owner, repo, ...rest] = (identity.githubWorkflowRepository ?? "").split("/");
  if (!owner || !repo || rest.length > 0) return false;
  return owner === rule.owner && (rule.repo === undefined || repo === rule.repo);
}

/** Whether a verified keyless identity satisfies a keyless rule, its annotations aside. */
export function keylessIdentityMatches(rule: KeylessRule, identity: KeylessIdentity): boolean {
  return rule.kind === "genericIssuer" ? issuerMatches(rule, identity) : githubMatches(rule, identity);
}

/**
 * Whether `signature` satisfies `rule`; `identity` is the verified keyless identity of the
 * signature, asked for only by keyless rules.
 */
export async function satisfies(rule: SignatureRule, signature: ImageSignature, identity: () => Promise<KeylessIdentity | undefined>): Promise<boolean> {
  if (rule.annotations && !hasAnnotations(signature.simpleSigning, rule.annotations)) return false;
  if (rule.kind === "pubKey") return signedByKey(signature, rule.publicKey);
  const id = await identity();
  if (!id) return false;
  return keylessIdentityMatches(rule, id);
}
