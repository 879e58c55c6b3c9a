// A bearer-token service for docker-registry's `auth: token` mode: checks Basic
// credentials and issues ES256 JWTs signed by a self-signed certificate (made with openssl)
// that the registry trusts through its rootcertbundle.
import { execFileSync } from "node:child_process";
import { randomUUID, sign, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  certPath: string;
  /** The query strings of every token request, for assertions. */
  requests: URLSearchParams[];
  stop(): Promise<void>;
}

const TOKEN_LIFETIME_S = 300;

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

function makeSigningCertificate(dir: string): { keyPem: string; certPem: string; certPath: string } {
  const keyPath = join(dir, "token.key"), certPath = join(dir, "token.crt");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyPath, "-out", certPath, "-days", "1", "-subj", "/CN=wardenkit-test-token-issuer",
  ], { stdio: "pipe" });
  return { keyPem: readFileSync(keyPath, "utf8"), certPem: readFileSync(certPath, "utf8"), certPath };
}

/** `repository:name:pull,push` → the access claim the registry checks. */
function accessOf(scope: string): { type: string; name: string; actions: string[] } {
  const [type, ...rest] = scope.split(":");
  const actions = rest.pop()!.split(",");
  return { type, name: rest.join(":"), actions };
}

export async function startTokenServer(user: { username: string; password: string }): Promise<TokenServer> {
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-token-"));
  const { keyPem, certPem, certPath } = makeSigningCertificate(dir);
  const x5c = [new X509Certificate(certPem).raw.toString("base64")];
  const service = "wardenkit-test-registry";
  const issuer = "wardenkit-test-issuer";
  const requests: URLSearchParams[] = [];

  const issue = (subject: string, scopes: string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: "ES256", typ: "JWT", x5c }));
    const claims = base64url(JSON.stringify({
      iss: issuer, sub: subject, aud: service, iat: now, nbf: now - 10, exp: now + TOKEN_LIFETIME_S,
      jti: randomUUID(), access: scopes.map(accessOf),
    }));
    const signature = sign("sha256", Buffer.from(`${header}.${claims}`), { key: keyPem, dsaEncoding: "ieee-p1363" });
    return `${header}.${claims}.${base64url(signature)}`;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://token");
    requests.push(url.searchParams);
    const expected = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`;
    if (url.pathname !== "/token" || req.headers.authorization !== expected) {
      res.writeHead(401, { "content-type": "application/json" }).end('{"details":"invalid credentials"}');
      return;
    }
    const token = issue(user.username, url.searchParams.getAll("scope"));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: token, expires_in: TOKEN_LIFETIME_S }));
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certPath,
    requests,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
