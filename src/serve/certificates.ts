// The serving certificate. Given files are used as they are; otherwise a local
// CA and a server certificate for the requested host names are made with the
// openssl command and kept under .wardenkit/serve, so the CA (the webhooks'
// caBundle) survives restarts. The server certificate is remade when a host is
// missing from it or it is about to expire.
import { execFileSync } from "node:child_process";
import { X509Certificate, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";

export interface ServingCertificate {
  cert: string;
  key: string;
  /** PEM of the CA that signed `cert`: what clients trust and caBundle carries. */
  ca: string;
  generated: boolean;
}

const CA_DAYS = 3650;
const SERVER_DAYS = 365;
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === "ENOENT") throw new Error("making a certificate needs the openssl command; install it or pass --tls-cert and --tls-key");
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString().trim().split("\n")[0] ?? e.message}`);
  }
}

function subjectAltName(host: string): string {
  return isIP(host) ? `IP:${host}` : `DNS:${host}`;
}

function covers(certPem: string, hosts: string[]): boolean {
  const cert = new X509Certificate(certPem);
  if (Date.parse(cert.validTo) - Date.now() < RENEW_BEFORE_MS) return false;
  return hosts.every((h) => (isIP(h) ? cert.checkIP(h) : cert.checkHost(h)) !== undefined);
}

function makeCa(dir: string): void {
  openssl([
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", String(CA_DAYS), "-subj", "/CN=wardenkit serve local CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ], dir);
}

function makeServerCertificate(dir: string, hosts: string[]): void {
  writeFileSync(join(dir, "server.ext"), [
    `subjectAltName=${hosts.map(subjectAltName).join(",")}`,
    "basicConstraints=CA:FALSE",
    "keyUsage=critical,digitalSignature",
    "extendedKeyUsage=serverAuth",
  ].join("\n") + "\n");
  openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", "tls-key.pem", "-out", "tls.csr", "-subj", "/CN=wardenkit-serve"], dir);
  openssl(["x509", "-req", "-in", "tls.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-set_serial", `0x${randomBytes(8).toString("hex")}`,
    "-days", String(SERVER_DAYS), "-extfile", "server.ext", "-out", "tls.pem"], dir);
}

/** A certificate for `hosts` signed by the local CA in `dir`, made or remade as needed. */
export function localCertificate(dir: string, hosts: string[]): ServingCertificate {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => join(dir, name);
  let generated = false;
  if (!existsSync(file("ca.pem")) || !existsSync(file("ca-key.pem")) || !covers(readFileSync(file("ca.pem"), "utf8"), [])) {
    makeCa(dir);
    generated = true;
  }
  if (generated || !existsSync(file("tls.pem")) || !existsSync(file("tls-key.pem")) || !covers(readFileSync(file("tls.pem"), "utf8"), hosts)) {
    makeServerCertificate(dir, hosts);
    generated = true;
  }
  return { cert: readFileSync(file("tls.pem"), "utf8"), key: readFileSync(file("tls-key.pem"), "utf8"), ca: readFileSync(file("ca.pem"), "utf8"), generated };
}

/** User-provided files; the CA is the last certificate of the chain (the cert itself when self-signed). */
export function certificateFromFiles(certPath: string, keyPath: string, caPath?: string): ServingCertificate {
  const read = (path: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch (err) {
      throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const cert = read(certPath);
  const chain = cert.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
  if (chain.length === 0) throw new Error(`${certPath} holds no PEM certificate`);
  const key = read(keyPath);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new Error(`${keyPath} holds no PEM private key`);
  return { cert, key, ca: caPath ? read(caPath) : chain[chain.length - 1], generated: false };
}
