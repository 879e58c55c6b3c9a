// Which host capabilities a policy may call, as policy-server decides it: every namespace but
// `tracing` is checked against the policy's `hostCapabilities` patterns with the path
// `<namespace>/<operation>` (`kubernetes/get_resource`, `oci/v2/verify`). Patterns are `*`,
// a prefix ending in `/*` (`oci/*`, `oci/v2/*`) or an exact path; an empty list denies all.

export class HostCapabilityPatternError extends Error {}

export class HostCapabilityAllowList {
  private constructor(
    private readonly allowAll: boolean,
    private readonly prefixes: readonly string[],
    private readonly exact: ReadonlySet<string>,
    /** The patterns as given, for messages. */
    readonly patterns: readonly string[],
  ) {}

  /** `["*"]`: what kwctl run uses by default and the controller writes for cluster-wide policies. */
  static readonly ALLOW_ALL = HostCapabilityAllowList.parse(["*"]);
  /** `[]`: what a stand-alone policy-server uses when a policy has no `hostCapabilities`. */
  static readonly DENY_ALL = HostCapabilityAllowList.parse([]);

  /** Parses a pattern list; throws HostCapabilityPatternError naming the bad pattern. */
  static parse(value: unknown): HostCapabilityAllowList {
    if (!Array.isArray(value) || value.some((p) => typeof p !== "string")) {
      throw new HostCapabilityPatternError("hostCapabilities must be a list of patterns such as \"*\", \"kubernetes/*\" or \"oci/v2/verify\"");
    }
    let allowAll = false;
    const prefixes: string[] = [];
    const exact = new Set<string>();
    for (const raw of value as string[]) {
      const pattern = raw.trim();
      if (pattern === "") throw new HostCapabilityPatternError("a hostCapabilities pattern cannot be empty");
      if (pattern === "*") {
        allowAll = true;
        continue;
      }
      const star = pattern.indexOf("*");
      if (star === -1) exact.add(pattern);
      else if (star === pattern.length - 1 && pattern[star - 1] === "/") prefixes.push(pattern.slice(0, star));
      else throw new HostCapabilityPatternError(`hostCapabilities pattern "${raw}" is invalid: a wildcard must be a whole last segment, as in "oci/*"`);
    }
    return new HostCapabilityAllowList(allowAll, prefixes, exact, value as string[]);
  }

  /** Whether `<namespace>/<operation>` may be called. */
  allows(path: string): boolean {
    return this.allowAll || this.exact.has(path) || this.prefixes.some((prefix) => path.startsWith(prefix));
  }
}

/** policy-server's answer to a call the allow list refuses. */
