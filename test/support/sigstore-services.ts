// A local Sigstore for keyless tests: imitations of Fulcio (certificate authority with a
// certificate-transparency log) and Rekor (transparency log), standing in for the public
// instances, which cannot be reached here. The CA, CT log and Rekor logic is @sigstore/mock's;
// this file serves it over real HTTP on a loopback port, speaks Fulcio's v1 API as well (the one
// cosign 2.x calls), stores `dsse` entries in Rekor's canonical form (./rekor-dsse-entry.ts)
// and writes the trusted root that wardenkit and cosign verify against.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler, type HandlerFn } from "@sigstore/mock";
import { canonicalDsseEntry } from "./rekor-dsse-entry.ts";
import { clientTrustConfigJson, trustedRootJson } from "./sigstore-trusted-root.ts";

const FULCIO_V1_PATH = "/api/v1/signingCert";
const FULCIO_V2_PATH = "/api/v2/signingCert";
const REKOR_ENTRIES_PATH = "/api/v1/log/entries";
const MAX_REQUEST_BYTES = 1024 * 1024;

export interface SigstoreServicesOptions {
  /** The time the CA issues certificates at (each valid for 10 minutes); now by default. */
  certificateClock?: Date;
}

export interface SigstoreServices {
  /** `http://127.0.0.1:<port>`: Fulcio and Rekor answer on the same server, as their paths differ. */
  url: string;
  fulcioUrl: string;
  rekorUrl: string;
  /** The trusted root (Fulcio CA, Rekor key, CT log key) as Sigstore's TrustedRoot JSON. */
  trustedRoot: string;
  /** Writes the trusted root and the single keys cosign's environment variables name; returns their paths. */
  writeTrustFiles(dir: string): TrustFiles;
  stop(): Promise<void>;
}

export interface TrustFiles {
  trustedRoot: string;
  /** The trusted root inside a ClientTrustConfig, for policy-server's `--sigstore-trust-config`. */
  clientTrustConfig: string;
  fulcioRoot: string;
  rekorPublicKey: string;
  ctLogPublicKey: string;
}

function keyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync("ec", { namedCurve: "P-256" });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) request.destroy(new Error("request body too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Fulcio's v1 request (cosign's) as the v2 request the mock reads: the token moves from the Authorization header into the body. */
function v1AsV2Request(body: string, authorization: string | undefined): string {
  const request = JSON.parse(body) as { publicKey?: { content?: string } };
  const pem = Buffer.from(request.publicKey?.content ?? "", "base64").toString("utf8");
  return JSON.stringify({
    credentials: { oidcIdentityToken: (authorization ?? "").replace(/^Bearer /, "") },
    publicKeyRequest: { publicKey: { algorithm: "ECDSA", content: pem } },
  });
}

/** Fulcio's v2 answer as its v1 answer: the PEM chain, leaf first. */
function v2AsV1Response(json: string): string {
  const answer = JSON.parse(json) as { signedCertificateEmbeddedSct: { chain: { certificates: string[] } } };
  return answer.signedCertificateEmbeddedSct.chain.certificates.join("");
}

async function answer(response: ServerResponse, handler: HandlerFn, body: string, asV1 = false): Promise<void> {
  const result = await handler(body);
  const ok = result.statusCode === 201;
  const text = ok && asV1 ? v2AsV1Response(String(result.response)) : result.response;
  response.writeHead(result.statusCode, {
    "content-type": ok && asV1 ? "application/pem-certificate-chain" : result.contentType ?? "text/plain",
  });
  response.end(text);
}

/** Starts the imitation Fulcio and Rekor on a free loopback port. */
export async function startSigstoreServices(options: SigstoreServicesOptions = {}): Promise<SigstoreServices> {
  const ctLogKeys = keyPair();
  const rekorKeys = keyPair();
  const ctLog = await initializeCTLog(ctLogKeys);
  const ca = await initializeCA(keyPair(), ctLog, options.certificateClock);
  const fulcio = fulcioHandler(ca).fn;
  const caRoot = Buffer.from(ca.rootCertificate.buffer, ca.rootCertificate.byteOffset, ca.rootCertificate.byteLength);
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      if (request.method !== "POST") response.writeHead(405).end();
      else if (request.url === FULCIO_V2_PATH) await answer(response, fulcio, body);
      else if (request.url === FULCIO_V1_PATH) await answer(response, fulcio, v1AsV2Request(body, request.headers.authorization), true);
      else if (request.url === REKOR_ENTRIES_PATH) await answer(response, rekor, canonicalDsseEntry(body));
      else response.writeHead(404).end();
    })().catch((err: Error) => {
      if (!response.headersSent) response.writeHead(400, { "content-type": "text/plain" });
      response.end(err.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const tlog = await initializeTLog(url, rekorKeys);
  const rekor = rekorHandler(tlog).fn;
  const trustedRoot = trustedRootJson({ url, caRoot, rekorKey: rekorKeys.publicKey, ctLogKey: ctLogKeys.publicKey });
  return {
    url,
    fulcioUrl: url,
    rekorUrl: url,
    trustedRoot,
    writeTrustFiles(dir) {
      const files: TrustFiles = {
        trustedRoot: join(dir, "trusted_root.json"),
        clientTrustConfig: join(dir, "client_trust_config.json"),
        fulcioRoot: join(dir, "fulcio-root.pem"),
        rekorPublicKey: join(dir, "rekor.pub"),
        ctLogPublicKey: join(dir, "ctlog.pub"),
      };
      writeFileSync(files.trustedRoot, trustedRoot);
      writeFileSync(files.clientTrustConfig, clientTrustConfigJson(trustedRoot));
      writeFileSync(files.fulcioRoot, pemCertificate(caRoot));
      writeFileSync(files.rekorPublicKey, rekorKeys.publicKey.export({ type: "spki", format: "pem" }));
      writeFileSync(files.ctLogPublicKey, ctLogKeys.publicKey.export({ type: "spki", format: "pem" }));
      return files;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function pemCertificate(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}
