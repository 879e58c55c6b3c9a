// A throwaway certificate authority made with openssl, and a server certificate it signs
// for 127.0.0.1, for tests of HTTPS registries with a private CA.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificates {
  /** PEM of the CA, what a client is given to trust. */
  caPath: string;
  /** The server's certificate (for IP 127.0.0.1) and key, signed by that CA. */
  certPath: string;
  keyPath: string;
  remove(): void;
}

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function openssl(args: string[]): void {
  execFileSync("openssl", args, { stdio: "pipe" });
}

export function makeCertificateAuthority(name = "wardenkit-test-ca"): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-ca-"));
  const path = (file: string) => join(dir, file);
  openssl(["req", "-x509", ...EC_KEY, "-keyout", path("ca.key"), "-out", path("ca.crt"), "-days", "1", "-subj", `/CN=${name}`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  openssl(["req", "-new", ...EC_KEY, "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=127.0.0.1"]);
  writeFileSync(path("server.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
  openssl(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"), "-CAcreateserial",
    "-out", path("server.crt"), "-days", "1", "-extfile", path("server.ext")]);
  return { caPath: path("ca.crt"), certPath: path("server.crt"), keyPath: path("server.key"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
