// Answers a registry's `WWW-Authenticate` challenge: Basic sends the credentials, Bearer
// trades them (or nothing, for anonymous pulls) for a token at the challenge's realm.
// Credentials are looked up on the first challenge, so anonymous access never runs a
// credential helper.
import type { CredentialLookup, Credentials } from "./credentials.ts";
import { RegistryError, registryMessages } from "./errors.ts";
import { send, type TransportOptions } from "./transport.ts";

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="a,b"` (quoted values may hold commas). */
export function parseChallenge(header: string): Challenge {
  const space = header.indexOf(" ");
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const param = /([a-zA-Z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const m of (space < 0 ? "" : header.slice(space + 1)).matchAll(param)) {
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3];
  }
  return { scheme, params };
}

function basic(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

/** Keeps the Authorization header of one client and renews it when challenged. */
export class Authorizer {
  header: string | undefined;
  realm = "";
  private found: CredentialLookup | undefined;

  constructor(
    readonly registry: string,
    private readonly lookup: () => Promise<CredentialLookup>,
    /** e.g. `repository:policies/x:pull,push`, the access this client needs. */
    readonly scope: string,
    private readonly transport: TransportOptions = {},
  ) {}

  get username(): string | undefined {
    return this.found?.credentials?.username;
  }

  /** Why no credentials were sent although a credential helper is configured. */
  get credentialProblem(): string | undefined {
    return this.found?.problem;
  }

  private async credentials(): Promise<Credentials | undefined> {
    this.found ??= await this.lookup();
    return this.found.credentials;
  }

  /** Updates the header from a 401's challenge; false when retrying cannot help. */
  async answer(wwwAuthenticate: string | null): Promise<boolean> {
    if (!wwwAuthenticate) return false;
    const challenge = parseChallenge(wwwAuthenticate);
    this.realm = challenge.params.realm ?? "";
    if (challenge.scheme === "basic") {
      const credentials = await this.credentials();
      if (!credentials || this.header === basic(credentials)) return false;
      this.header = basic(credentials);
      return true;
    }
    if (challenge.scheme === "bearer") {
      this.header = `Bearer ${await this.fetchToken(challenge.params)}`;
      return true;
    }
    throw new RegistryError(registryMessages.unknownChallenge(this.registry, wwwAuthenticate));
  }

  private async fetchToken(params: Record<string, string>): Promise<string> {
    const { realm, service, scope } = params;
    if (!realm) throw new RegistryError(registryMessages.challengeWithoutRealm(this.registry));
    const url = new URL(realm);
    if (service) url.searchParams.set("service", service);
    url.searchParams.append("scope", this.scope);
    if (scope && scope !== this.scope) url.searchParams.append("scope", scope);
    const credentials = await this.credentials();
    const headers: Record<string, string> = credentials ? { authorization: basic(credentials) } : {};
    const response = await send(url.host, url.href, { headers }, this.transport);
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(registryMessages.tokenRefused(realm, response.status, this.username, this.credentialProblem));
    }
    const body = (await response.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError(registryMessages.tokenMissing(realm));
    return token;
  }
}
