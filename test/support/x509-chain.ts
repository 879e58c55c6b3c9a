// Certificates for the crypto host capability's tests, made with openssl: a root,
// an intermediate CA it signs, and end-entity certificates with chosen validity
// dates (openssl ca sets them), including one expired and one from another root.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
const CA_CONFIG = `[ca]
default_ca = test
[test]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = anything
unique_subject = no
[anything]
commonName = supplied
[intermediate]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
[leaf]
basicConstraints = CA:FALSE
`;

/** openssl's validity format: YYYYMMDDHHMMSSZ. */
const asn1Time = (date: Date) => date.toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";
const DAY_MS = 86_400_000;

export interface TestChain {
  root: string;
  intermediate: string;
  /** Signed by the intermediate, valid from yesterday to a week from now. */
  leaf: string;
  /** Signed by the intermediate, valid only in January 2020. */
  expiredLeaf: string;
  /** Valid now, but signed by a root of its own. */
  strangerLeaf: string;
  remove(): void;
}

export function makeTestChain(): TestChain {
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-x509-"));
  const path = (file: string) => join(dir, file);
  const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  writeFileSync(path("ca.cnf"), CA_CONFIG);
  writeFileSync(path("index.txt"), "");
  writeFileSync(path("serial"), "01\n");
  const selfSigned = (name: string) =>
    openssl(["req", "-x509", ...EC_KEY, "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "30", "-subj", `/CN=${name}`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  const signed = (name: string, issuer: string, extensions: string, from: Date, to: Date) => {
    openssl(["req", "-new", ...EC_KEY, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
    openssl(["ca", "-batch", "-config", "ca.cnf", "-extensions", extensions, "-cert", `${issuer}.crt`, "-keyfile", `${issuer}.key`,
      "-in", `${name}.csr`, "-out", `${name}.crt`, "-startdate", asn1Time(from), "-enddate", asn1Time(to), "-notext"]);
  };
  const now = Date.now();
  selfSigned("root");
  selfSigned("stranger-root");
  signed("intermediate", "root", "intermediate", new Date(now - DAY_MS), new Date(now + 30 * DAY_MS));
  signed("leaf", "intermediate", "leaf", new Date(now - DAY_MS), new Date(now + 7 * DAY_MS));
  signed("expired-leaf", "intermediate", "leaf", new Date("2020-01-01T00:00:00Z"), new Date("2020-02-01T00:00:00Z"));
  signed("stranger-leaf", "stranger-root", "leaf", new Date(now - DAY_MS), new Date(now + 7 * DAY_MS));
  const pem = (name: string) => readFileSync(path(`${name}.crt`), "utf8");
  return {
    root: pem("root"), intermediate: pem("intermediate"), leaf: pem("leaf"), expiredLeaf: pem("expired-leaf"), strangerLeaf: pem("stranger-leaf"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
