// Signatures both ways between wardenkit and the real cosign 2.x, on the real registry: what
// one signs the other verifies, with either's keys and with annotations.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushPolicy } from "../../src/oci/push.ts";
import { cosign, cosignBinary, cosignSign, cosignVerify } from "../support/cosign.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { runWardenkit } from "../support/run-command.ts";
import { testModule } from "../support/wasm.ts";

const COSIGN_PASSWORD = "cosign-made";
const WARDENKIT_PASSWORD = "wardenkit-made";
let registry: RunningRegistry;
let work: string;
let images = 0;

/** A new module pushed under its own repository, by tag. */
export async function pushedImage(host: string, name = `m${++images}`): Promise<string> {
  const pushed = await pushPolicy(testModule({ padding: images }), `${host}/interop/${name}:v1`, { env: {} });
  return pushed.tagged.replace("registry://", "");
}

const wardenkit = (password: string | undefined, ...args: string[]) => {
  const { COSIGN_PASSWORD: _unset, ...env } = process.env;
  return runWardenkit(args, { env: password === undefined ? env : { ...env, COSIGN_PASSWORD: password }, cwd: work });
};

beforeAll(async () => {
  cosignBinary();
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), "wardenkit-cosign-"));
  expect((await cosign(["generate-key-pair"], { password: COSIGN_PASSWORD, cwd: work })).code).toBe(0);
  expect((await wardenkit(WARDENKIT_PASSWORD, "generate-key-pair", "--output-key-prefix", "wardenkit")).code).toBe(0);
});
afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("wardenkit and cosign", () => {
  it("wardenkit verifies what cosign signs with its own key, annotations included", async () => {
    const image = await pushedImage(registry.host);
    expect((await cosignSign(image, join(work, "cosign.key"), { password: COSIGN_PASSWORD, annotations: { team: "blue" } })).code).toBe(0);
    const accepted = await wardenkit(undefined, "verify", `registry://${image}`, "--key", "cosign.pub", "-a", "team=blue");
    expect(accepted.stderr).toBe("");
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/@sha256:[0-9a-f]{64}: verified\n {2}satisfied: --key \(pubKey of cosign\.pub, annotations team=blue\)/);
    const wrongAnnotation = await wardenkit(undefined, "verify", `registry://${image}`, "--key", "cosign.pub", "-a", "team=red");
    expect(wrongAnnotation.code).toBe(1);
    expect(wrongAnnotation.stderr).toContain("--key (pubKey of cosign.pub, annotations team=red) is not satisfied (1 signature found in sha256-");
    const otherKey = await wardenkit(undefined, "verify", `registry://${image}`, "--key", "wardenkit.pub");
    expect(otherKey.code).toBe(1);
  });

  it("cosign verifies what wardenkit signs, annotations included", async () => {
    const image = await pushedImage(registry.host);
    const signed = await wardenkit(WARDENKIT_PASSWORD, "sign", image, "--key", "wardenkit.key", "-a", "env=prod", "-o", "json");
    expect(signed.stderr).toBe("");
    expect(JSON.parse(signed.stdout)).toMatchObject({ signatures: 1, alreadySigned: false });
    const verified = await cosignVerify(image, join(work, "wardenkit.pub"), { env: "prod" });
    expect(verified.stderr).toContain("The signatures were verified against the specified public key");
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)[0].optional).toEqual({ env: "prod" });
    expect((await cosignVerify(image, join(work, "wardenkit.pub"), { env: "dev" })).code).not.toBe(0);
  });

  it("each uses the other's keys, and signatures of both sit side by side in one .sig tag", async () => {
    const image = await pushedImage(registry.host);
    expect((await cosignSign(image, join(work, "wardenkit.key"), { password: WARDENKIT_PASSWORD })).code).toBe(0);
    expect((await wardenkit(COSIGN_PASSWORD, "sign", image, "--key", "cosign.key")).code).toBe(0);
    for (const key of ["cosign.pub", "wardenkit.pub"]) {
      expect((await cosignVerify(image, join(work, key))).code).toBe(0);
      expect((await wardenkit(undefined, "verify", image, "--key", key)).code).toBe(0);
    }
    const again = await wardenkit(COSIGN_PASSWORD, "sign", image, "--key", "cosign.key", "-o", "json");
    expect(JSON.parse(again.stdout)).toMatchObject({ signatures: 2, alreadySigned: true });
  });
});
