// Whether a verified keyless identity is the one a rule asks for, decided as Kubewarden's
// policy-fetcher decides it (crates/policy-fetcher/src/verify/verification_constraints.rs):
// an exact subject, a subject URL prefix (a prefix without a trailing slash gets one, so
// `https://github.com/org` never matches `https://github.com/organisation`), each with its
// issuer; or a GitHub Actions workflow of an owner, and of a repository when one is named,
// read from the certificate's workflow-repository extension. Each function answers why the
// identity does not match, or undefined when it does.
import type { KeylessIdentity } from "./certificate-identity.ts";

export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

export type KeylessIdentityRule =
  | { kind: "subject"; issuer: string; subject: string }
  | { kind: "subjectUrlPrefix"; issuer: string; urlPrefix: string }
  | { kind: "githubAction"; owner: string; repo?: string };

function issuerMismatch(identity: KeylessIdentity, issuer: string): string | undefined {
  return identity.issuer === issuer ? undefined : `issued by ${identity.issuer ?? "no OIDC issuer"}, not ${issuer}`;
}

/** The prefix as Kubewarden compares it: always ending with `/`. */
export function normalizedUrlPrefix(prefix: string): string {
  return prefix.endsWith("/") ? prefix : `${prefix}/`;
}

/** `owner` and `repo` of a `https://github.com/<owner>/<repo>/…` URL. */
function githubRepository(url: string): { owner: string; repo: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const [owner, repo] = parsed.pathname.split("/").slice(1);
  return parsed.hostname === "github.com" && owner && repo ? { owner, repo } : undefined;
}

function githubMismatch(identity: KeylessIdentity, owner: string, repo: string | undefined): string | undefined {
  const wrongIssuer = issuerMismatch(identity, GITHUB_ACTIONS_ISSUER);
  if (wrongIssuer) return wrongIssuer;
  if (!githubRepository(identity.subject)) return `subject ${identity.subject} is not a GitHub workflow URL`;
  const signedBy = identity.githubWorkflowRepository && githubRepository(`https://github.com/${identity.githubWorkflowRepository}`);
  if (!signedBy) return "the certificate has no GitHub workflow repository extension";
  if (signedBy.owner !== owner) return `signed by a workflow of ${signedBy.owner}, not ${owner}`;
  if (repo !== undefined && signedBy.repo !== repo) return `signed by a workflow of ${signedBy.owner}/${signedBy.repo}, not ${owner}/${repo}`;
  return undefined;
}

/** Why `identity` does not satisfy `rule`, or undefined when it does. */
export function identityMismatch(identity: KeylessIdentity, rule: KeylessIdentityRule): string | undefined {
  switch (rule.kind) {
    case "subject":
      return issuerMismatch(identity, rule.issuer) ??
        (identity.subject === rule.subject ? undefined : `subject is ${identity.subject}, not ${rule.subject}`);
    case "subjectUrlPrefix": {
      const prefix = normalizedUrlPrefix(rule.urlPrefix);
      return issuerMismatch(identity, rule.issuer) ??
        (identity.subject.startsWith(prefix) ? undefined : `subject ${identity.subject} does not start with ${prefix}`);
    }
    case "githubAction":
      return githubMismatch(identity, rule.owner, rule.repo);
  }
}

/** The rule in words, for messages naming which rule was not satisfied. */
export function describeIdentityRule(rule: KeylessIdentityRule): string {
  switch (rule.kind) {
    case "subject":
      return `keyless identity ${rule.subject} issued by ${rule.issuer}`;
    case "subjectUrlPrefix":
      return `keyless identity under ${normalizedUrlPrefix(rule.urlPrefix)} issued by ${rule.issuer}`;
    case "githubAction":
      return `GitHub Actions workflow of ${rule.repo ? `${rule.owner}/${rule.repo}` : rule.owner}`;
  }
}
