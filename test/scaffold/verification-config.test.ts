// `wardenkit verification-config`: a Kubewarden verification config for the team's policies,
// read back by the same parser as every verification config (strict, as policy-fetcher), and
// judging real signatures on the real registry: a module signed by the key passes, an
// unsigned one does not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseVerificationConfig } from "../../src/signing/verification-config.ts";
import { verifyImage } from "../../src/signing/verify-image.ts";
import { signImage } from "../../src/signing/sign-image.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { builtModulePath } from "../support/policies.ts";
import { runWardenkit } from "../support/run-command.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";

const anonymous = { env: {} };
let dir: string;
let registry: RunningRegistry;
const key = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const keyFile = () => join(dir, "cosign.pub");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-verification-config-"));
  writeFileSync(keyFile(), key.publicKey.export({ format: "pem", type: "spki" }));
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function generated(args: string[]): Promise<string> {
  const result = await runWardenkit(["verification-config", ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

describe("wardenkit verification-config", () => {
  it("writes a githubAction rule for the team's workflows, which Kubewarden's format accepts", async () => {
    const text = await generated(["--github-owner", "acme", "--github-repo", "policies"]);
    expect(text).toMatch(/^# Kubewarden verification config/);
    const config = parseVerificationConfig(text, "generated");
    expect(config.anyOf).toBeUndefined();
    expect(config.allOf).toMatchObject([{ kind: "githubAction", owner: "acme", repo: "policies" }]);
    expect(text).toContain("apiVersion: v1\nallOf:\n  - kind: githubAction\n    owner: acme\n    repo: policies\n");
  });

  it("puts every signer under allOf, each with the required annotations, written out (no YAML aliases)", async () => {
    const text = await generated(["--github-owner", "acme", "--key", keyFile(), "-a", "env=prod", "-a", "team=a=b"]);
    expect(text).not.toMatch(/[&*]a1/);
    const config = parseVerificationConfig(text, "generated");
    expect(config.allOf.map((rule) => [rule.kind, rule.annotations])).toEqual([
      ["githubAction", { env: "prod", team: "a=b" }],
      ["pubKey", { env: "prod", team: "a=b" }],
    ]);
    expect(config.allOf[0]).not.toHaveProperty("repo");
  });

  it("judges real signatures: a module signed with the key passes, an unsigned one is refused", async () => {
    const config = parseVerificationConfig(await generated(["--key", keyFile()]), "generated");
    const wasm = readFileSync(builtModulePath("required-labels"));
    const signed = await pushPolicy(wasm, `${registry.host}/vc/signed:v1`, anonymous);
    await signImage(signed.reference, key.privateKey, anonymous);
    expect((await verifyImage(signed.reference, config, anonymous)).digest).toBe(signed.digest);
    const unsigned = await pushPolicy(wasm, `${registry.host}/vc/unsigned:v1`, anonymous);
    await expect(verifyImage(unsigned.reference, config, anonymous)).rejects.toThrow(/no signatures found|not satisfied/);
  });

  it("refuses flags that name no signer, a repository without its owner or with it, and a key of another type", async () => {
    const usage = async (args: string[]) => {
      const result = await runWardenkit(["verification-config", ...args]);
      return [result.code, result.stderr.split("; usage:")[0].trim()];
    };
    expect(await usage([])).toEqual([2, "wardenkit verification-config: name who signs the policies: --github-owner (keyless, from GitHub Actions) or --key cosign.pub"]);
    expect(await usage(["--github-repo", "policies"])).toEqual([2, "wardenkit verification-config: --github-repo needs --github-owner: a repository is named within its owner"]);
    expect(await usage(["--github-owner", "acme", "--github-repo", "acme/policies"])).toEqual([
      2,
      "wardenkit verification-config: --github-repo 'acme/policies' is not a GitHub repository name (give the repository's name alone; the owner is --github-owner)",
    ]);
    expect(await usage(["--github-owner", "acme", "-a", "novalue"])).toEqual([2, "wardenkit verification-config: annotation 'novalue' is not name=value"]);
    const rsa = join(dir, "rsa.pub");
    writeFileSync(rsa, generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "pem", type: "spki" }));
    const wrongKey = await runWardenkit(["verification-config", "--key", rsa]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain(`${rsa} holds an RSA key; wardenkit signs and verifies with ECDSA P-256 keys`);
  });
});
