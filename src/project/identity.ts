// Who a project belongs to, read from its package.json: the names `wardenkit new` writes into
// a policy's metadata (author, source, license, registry), so a team's policies carry the
// team's names and not wardenkit's. npm's own fields are the source (`author`, `license`,
// `repository`); the registry is `wardenkit.registry`, or GitHub's container registry of
// the repository's owner, where the CI workflow `wardenkit init` writes publishes.

export interface ProjectIdentity {
  /** `Name <mail>`, as io.kubewarden.policy.author takes it. */
  author?: string;
  license?: string;
  /** The repository's web address: `https://github.com/acme/policies`. */
  repository?: string;
  /** Where the policies are published: `ghcr.io/acme/policies` (no scheme, no policy name). */
  registry?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** npm's `author`: "Name <mail> (url)" or { name, email }. */
function authorOf(value: unknown): string | undefined {
  if (typeof value === "object" && value !== null) {
    const { name, email } = value as { name?: unknown; email?: unknown };
    const who = text(name), mail = text(email);
    return who && mail ? `${who} <${mail}>` : (who ?? mail);
  }
  return text(value)?.replace(/\s*\([^()]*\)\s*$/, "");
}

/** npm's `repository`: a URL (git+https, .git), `github:owner/repo`, `owner/repo`, or { url }. */
export function repositoryUrl(value: unknown): string | undefined {
  const raw = typeof value === "object" && value !== null ? text((value as { url?: unknown }).url) : text(value);
  if (!raw) return undefined;
  const shorthand = /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(raw);
  if (shorthand) return `https://github.com/${shorthand[1]}/${shorthand[2].replace(/\.git$/, "")}`;
  return raw.replace(/^git\+/, "").replace(/^git@github\.com:/, "https://github.com/").replace(/\.git$/, "").replace(/\/+$/, "");
}

/** ghcr.io/<owner>/policies for a GitHub repository: where the CI workflow publishes. */
export function defaultRegistry(repository: string | undefined): string | undefined {
  const owner = repository && /^https:\/\/github\.com\/([\w.-]+)\//.exec(repository)?.[1];
  return owner ? `ghcr.io/${owner.toLowerCase()}/policies` : undefined;
}

export function identityOf(pkg: { author?: unknown; license?: unknown; repository?: unknown }, registry: string | undefined): ProjectIdentity {
  const repository = repositoryUrl(pkg.repository);
  const identity: ProjectIdentity = {
    author: authorOf(pkg.author),
    license: text(pkg.license),
    repository,
    registry: registry?.replace(/^registry:\/\//, "").replace(/\/+$/, "") ?? defaultRegistry(repository),
  };
  return Object.fromEntries(Object.entries(identity).filter(([, v]) => v !== undefined)) as ProjectIdentity;
}
