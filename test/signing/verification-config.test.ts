// Kubewarden's verification config: what is read, and each malformed config named by line and field.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseVerificationConfig } from "../../src/signing/verification-config.ts";

const p256 = () => generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey.export({ format: "pem", type: "spki" }).toString();
const indent = (pem: string, spaces: number) => pem.trim().split("\n").map((l) => " ".repeat(spaces) + l).join("\n");

const KEY = p256();
const VALID = `apiVersion: v1
allOf:
  - kind: pubKey
    owner: release
    key: |
${indent(KEY, 6)}
    annotations:
      team: platform
anyOf:
  minimumMatches: 1
  signatures:
    - kind: genericIssuer
      issuer: https://token.actions.githubusercontent.com
      subject:
        urlPrefix: https://github.com/acme
    - kind: githubAction
      owner: acme
      repo: policies
    - kind: genericIssuer
      issuer: https://accounts.example.com
      subject:
        equal: alice@example.com
`;

const parse = (text: string) => parseVerificationConfig(text, "vc.yml");

describe("parseVerificationConfig", () => {
  it("reads every kind of rule, with where it is", () => {
    const config = parse(VALID);
    expect(config.allOf).toHaveLength(1);
    expect(config.allOf[0]).toMatchObject({ kind: "pubKey", owner: "release", path: "allOf[0]", line: 3, annotations: { team: "platform" } });
    expect(config.anyOf?.minimumMatches).toBe(1);
    expect(config.anyOf?.signatures.map((r) => r.kind)).toEqual(["genericIssuer", "githubAction", "genericIssuer"]);
    // urlPrefix ends with "/", as policy-fetcher makes it: https://github.com/acme-evil is not under it.
    expect(config.anyOf?.signatures[0]).toMatchObject({ subject: { urlPrefix: "https://github.com/acme/" }, line: 15 });
    expect(config.anyOf?.signatures[1]).toMatchObject({ owner: "acme", repo: "policies" });
  });

  it("takes minimumMatches as 1 when it is not given", () => {
    const config = parse("apiVersion: v1\nanyOf:\n  signatures:\n    - kind: githubAction\n      owner: acme\n");
    expect(config.anyOf?.minimumMatches).toBe(1);
    expect(config.allOf).toEqual([]);
  });

  it.each([
    ["not YAML", "apiVersion: v1\nallOf: [\n", /^vc\.yml:\d+: not valid YAML: /],
    ["no apiVersion", "allOf:\n  - kind: githubAction\n    owner: a\n", "vc.yml:1: apiVersion: v1 is missing"],
    ["another apiVersion", "apiVersion: v2\nallOf: []\n", "vc.yml:1: apiVersion: v2 is not a supported version; the only one is v1"],
    ["neither allOf nor anyOf", "apiVersion: v1\n", "vc.yml:1: names no signatures: it needs allOf, anyOf or both"],
    ["an empty allOf", "apiVersion: v1\nallOf: []\n", "vc.yml:2: allOf: must not be empty"],
    ["an unknown top-level field", "apiVersion: v1\nallof: []\n", "vc.yml:2: unknown field allof; expected apiVersion, allOf, anyOf"],
    ["a rule without kind", "apiVersion: v1\nallOf:\n  - owner: a\n", "vc.yml:3: allOf[0]: the field kind is missing (pubKey, genericIssuer, githubAction)"],
    ["an unknown kind", "apiVersion: v1\nallOf:\n  - kind: x509\n", "vc.yml:3: allOf[0].kind: unknown kind x509; expected pubKey, genericIssuer, githubAction"],
    ["a field of another kind", "apiVersion: v1\nallOf:\n  - kind: githubAction\n    owner: a\n    issuer: b\n", "vc.yml:5: allOf[0]: unknown field issuer; expected kind, owner, repo, annotations"],
    ["a missing subject", "apiVersion: v1\nallOf:\n  - kind: genericIssuer\n    issuer: https://x\n", "vc.yml:3: allOf[0]: the field subject is missing (equal: or urlPrefix:)"],
    ["both subjects", "apiVersion: v1\nallOf:\n  - kind: genericIssuer\n    issuer: https://x\n    subject:\n      equal: a\n      urlPrefix: https://b\n", "vc.yml:6: allOf[0].subject: must have exactly one of equal and urlPrefix"],
    ["a urlPrefix that is not a URL", "apiVersion: v1\nallOf:\n  - kind: genericIssuer\n    issuer: https://x\n    subject:\n      urlPrefix: github.com/acme\n", "vc.yml:6: allOf[0].subject.urlPrefix: 'github.com/acme' is not a URL"],
    ["a githubAction without owner", "apiVersion: v1\nallOf:\n  - kind: githubAction\n    repo: p\n", "vc.yml:3: allOf[0]: the field owner is missing"],
    ["a number as annotation value", "apiVersion: v1\nallOf:\n  - kind: githubAction\n    owner: a\n    annotations:\n      build: 7\n", "vc.yml:6: allOf[0].annotations.build: must be a string (quote it if it looks like a number)"],
    ["minimumMatches 0", "apiVersion: v1\nanyOf:\n  minimumMatches: 0\n  signatures:\n    - kind: githubAction\n      owner: a\n", "vc.yml:3: anyOf.minimumMatches: must be a whole number of at least 1"],
    ["minimumMatches above the signatures listed", "apiVersion: v1\nanyOf:\n  minimumMatches: 2\n  signatures:\n    - kind: githubAction\n      owner: a\n", "vc.yml:3: anyOf.minimumMatches: is 2, more than the 1 signatures anyOf lists: no module could satisfy it"],
    ["a pubKey without key", "apiVersion: v1\nallOf:\n  - kind: pubKey\n", "vc.yml:3: allOf[0]: the field key is missing (a PEM public key)"],
    ["a pubKey that is not a key", "apiVersion: v1\nallOf:\n  - kind: pubKey\n    key: hello\n", /^vc\.yml:4: allOf\[0\]\.key is not a PEM public key/],
  ])("refuses %s, naming the line and the field", (_name, text, message) => {
    expect(() => parse(text)).toThrow(message);
  });

  it("refuses a public key of another type, as wardenkit could not verify with it", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "pem", type: "spki" }).toString();
    expect(() => parse(`apiVersion: v1\nallOf:\n  - kind: pubKey\n    key: |\n${indent(rsa, 6)}\n`)).toThrow("vc.yml:4: allOf[0].key holds an RSA key");
  });
});
