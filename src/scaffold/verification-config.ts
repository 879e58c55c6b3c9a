// A verification-config.yml for a team's policies, in Kubewarden's format (policy-fetcher's
// VerificationConfigV1, the file policy-server's --verification-path and kwctl verify read),
// as `kwctl scaffold verification-config` writes one: every rule under allOf, so that a
// module must carry a signature from each source named (the team's GitHub Actions
// workflows, and each public key given).
import { readPublicKeyFile } from "../signing/key-pair.ts";
import { VERIFICATION_CONFIG_API_VERSION } from "../signing/verification-config.ts";
import { readTextFile } from "../io/text-file.ts";
import { yamlText } from "../io/data-text.ts";
import { ScaffoldError } from "./new-policy.ts";

export interface VerificationConfigRequest {
  /** The GitHub user or organisation whose workflows sign the policies. */
  githubOwner?: string;
  /** One repository of that owner, or any of its repositories when absent. */
  githubRepo?: string;
  /** Public key files (cosign.pub) whose signatures are required. */
  keys?: string[];
  /** Annotations every signature must carry (`-a key=value` when signing). */
  annotations?: Record<string, string>;
}

/** GitHub's rules for an account and for a repository name. */
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;

function githubActionRule(owner: string, repo: string | undefined): Record<string, unknown> {
  if (!GITHUB_OWNER.test(owner)) throw new ScaffoldError(`--github-owner '${owner}' is not a GitHub user or organisation name`);
  if (repo !== undefined && !GITHUB_REPO.test(repo)) {
    const hint = repo.includes("/") ? ` (give the repository's name alone; the owner is --github-owner)` : "";
    throw new ScaffoldError(`--github-repo '${repo}' is not a GitHub repository name${hint}`);
  }
  return { kind: "githubAction", owner, ...(repo !== undefined ? { repo } : {}) };
}

/** The key as its file holds it, once it is known to be a P-256 public key policy-server can use. */
function pubKeyRule(file: string): Record<string, unknown> {
  readPublicKeyFile(file);
  return { kind: "pubKey", key: readTextFile(file) };
}

function header(request: VerificationConfigRequest): string {
  const sources = [
    request.githubOwner && `GitHub Actions workflows of ${request.githubRepo ? `${request.githubOwner}/${request.githubRepo}` : `any repository of ${request.githubOwner}`}`,
    ...(request.keys ?? []).map((file) => `the key of ${file}`),
  ].filter(Boolean);
  return [
    "# Kubewarden verification config: a policy module is accepted only when it carries a",
    `# signature from each of: ${sources.join("; ")}.`,
    "# policy-server reads it with --verification-path; kwctl verify with --verification-config-path.",
  ].join("\n");
}

export function verificationConfigText(request: VerificationConfigRequest): string {
  if (request.githubRepo !== undefined && request.githubOwner === undefined) throw new ScaffoldError("--github-repo needs --github-owner: a repository is named within its owner");
  const rules = [
    ...(request.githubOwner !== undefined ? [githubActionRule(request.githubOwner, request.githubRepo)] : []),
    ...(request.keys ?? []).map(pubKeyRule),
  ];
  if (rules.length === 0) throw new ScaffoldError("name who signs the policies: --github-owner (keyless, from GitHub Actions) or --key cosign.pub");
  const annotations = request.annotations && Object.keys(request.annotations).length > 0 ? request.annotations : undefined;
  const allOf = rules.map((rule) => (annotations ? { ...rule, annotations: { ...annotations } } : rule));
  return `${header(request)}\n${yamlText({ apiVersion: VERIFICATION_CONFIG_API_VERSION, allOf })}`;
}
