// A fake OIDC identity token for the imitation Fulcio: a JWT signed with a throwaway RSA key that
// nobody checks (the imitation trusts any token, as the public Fulcio trusts its issuers' keys).
// RS256 because cosign takes only a parsable RS256 JWT for a literal `--identity-token`.
import { generateKeyPairSync, sign } from "node:crypto";

const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const TOKEN_LIFETIME_S = 600;

function base64url(value: object | Buffer): string {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value));
  return bytes.toString("base64url");
}

/** A token for `subject` from `issuer`; `claims` adds GitHub Actions' (repository, workflow, ref…). */
export function identityToken(subject: string, issuer: string, claims: Record<string, string> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: "RS256", typ: "JWT" });
  const payload = base64url({ iss: issuer, sub: subject, aud: "sigstore", iat: now, exp: now + TOKEN_LIFETIME_S, ...claims });
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), signingKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

export const TEST_ISSUER = "https://oidc.wardenkit.test";
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** A token shaped like GitHub Actions' for a release workflow of `owner/repo`. */
export function githubActionsToken(owner: string, repo: string): string {
  const workflowRef = `${owner}/${repo}/.github/workflows/release.yml@refs/tags/v1.0.0`;
  return identityToken(`https://github.com/${workflowRef}`, GITHUB_ACTIONS_ISSUER, {
    repository: `${owner}/${repo}`,
    repository_owner: owner,
    workflow: "release",
    ref: "refs/tags/v1.0.0",
    sha: "0000000000000000000000000000000000000000",
    event_name: "push",
    job_workflow_ref: workflowRef,
  });
}
