// Reading a Sigstore trust root: a TrustedRoot or a ClientTrustConfig, and every way a file can
// fail to be one, each refused when read with a message naming the file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readIdentityToken } from "../../../src/signing/keyless/identity-token.ts";
import { parseTrustRoot, readTrustRoot } from "../../../src/signing/keyless/trust-root.ts";
import { identityToken, TEST_ISSUER } from "../../support/identity-token.ts";
import { startSigstoreServices, type SigstoreServices, type TrustFiles } from "../../support/sigstore-services.ts";

let sigstore: SigstoreServices;
let dir: string;
let files: TrustFiles;

beforeAll(async () => {
  sigstore = await startSigstoreServices();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-trust-root-"));
  files = sigstore.writeTrustFiles(dir);
});
afterAll(async () => {
  await sigstore?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("readTrustRoot", () => {
  it("reads a TrustedRoot and the ClientTrustConfig policy-server reads, to the same CA and logs", () => {
    const direct = readTrustRoot(files.trustedRoot).material;
    const wrapped = readTrustRoot(files.clientTrustConfig).material;
    expect(direct.certificateAuthorities).toHaveLength(1);
    expect(wrapped.certificateAuthorities[0].certChain[0].subject).toEqual(direct.certificateAuthorities[0].certChain[0].subject);
    expect(wrapped.tlogs[0].logID).toEqual(direct.tlogs[0].logID);
    expect(wrapped.ctlogs[0].logID).toEqual(direct.ctlogs[0].logID);
  });

  it("refuses a missing file, text that is not JSON, and a root lacking what keyless verification needs", () => {
    expect(() => readTrustRoot(join(dir, "absent.json"))).toThrow(`cannot read the Sigstore trusted root ${join(dir, "absent.json")}: no such file`);
    expect(() => parseTrustRoot("{not json", "root.json")).toThrow(/^cannot read the Sigstore trusted root root\.json: /);
    expect(() => parseTrustRoot("[]", "root.json")).toThrow("cannot read the Sigstore trusted root root.json: it is not a JSON object");
    const root = JSON.parse(sigstore.trustedRoot);
    expect(() => parseTrustRoot(JSON.stringify({ ...root, ctlogs: [] }), "root.json"))
      .toThrow("the Sigstore trusted root root.json has no certificate-transparency log key (ctlogs), so it cannot verify a keyless signature");
    expect(() => parseTrustRoot(JSON.stringify({ ...root, certificateAuthorities: [], tlogs: [] }), "root.json"))
      .toThrow("has no Fulcio certificate authority (certificateAuthorities), Rekor key (tlogs), so it cannot verify");
  });
});

describe("readIdentityToken", () => {
  it("takes a token or @file, and refuses what is not a JWT without echoing it", () => {
    const token = identityToken("https://ci.wardenkit.test/release", TEST_ISSUER);
    const file = join(dir, "token");
    writeFileSync(file, `${token}\n`);
    expect(readIdentityToken(token)).toBe(token);
    expect(readIdentityToken(`@${file}`)).toBe(token);
    expect(() => readIdentityToken("s3cr3t-not-a-jwt")).toThrow("the identity token given is not a JWT (three base64url parts separated by dots)");
    expect(() => readIdentityToken(`@${join(dir, "absent")}`)).toThrow(`cannot read the identity token file ${join(dir, "absent")}: no such file`);
  });
});
