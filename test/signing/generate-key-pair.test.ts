// wardenkit generate-key-pair: the files it writes, where the password comes from, and what it will not overwrite.
import { createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readPrivateKeyFile, readPublicKeyFile } from "../../src/signing/key-pair.ts";
import { runWardenkit } from "../support/run-command.ts";

const work = mkdtempSync(join(tmpdir(), "wardenkit-keygen-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const { COSIGN_PASSWORD: _unset, ...withoutPassword } = process.env;
const generate = (env: NodeJS.ProcessEnv, ...args: string[]) => runWardenkit(["generate-key-pair", ...args], { env, cwd: work });

describe("wardenkit generate-key-pair", () => {
  it("writes a private key only its owner reads, sealed with the password of --password-file", async () => {
    writeFileSync(join(work, "pass.txt"), "from-a-file\n");
    const run = await generate(withoutPassword, "--output-key-prefix", "team", "--password-file", "pass.txt");
    expect([run.code, run.stdout.trim()]).toEqual([0, "Private key written to team.key\nPublic key written to team.pub"]);
    expect(statSync(join(work, "team.key")).mode & 0o777).toBe(0o600);
    const key = await readPrivateKeyFile(join(work, "team.key"), "from-a-file");
    expect(readPublicKeyFile(join(work, "team.pub")).export({ format: "der", type: "spki" })).toEqual(
      createPublicKey(key).export({ format: "der", type: "spki" }),
    );
  });

  it("refuses to replace existing keys unless forced", async () => {
    const before = readFileSync(join(work, "team.key"), "utf8");
    const refused = await generate({ ...withoutPassword, COSIGN_PASSWORD: "" }, "--output-key-prefix", "team");
    expect([refused.code, refused.stderr.trim()]).toEqual([1, "wardenkit generate-key-pair: team.key and team.pub already exist; pass --force to replace them"]);
    expect(readFileSync(join(work, "team.key"), "utf8")).toBe(before);
    expect((await generate({ ...withoutPassword, COSIGN_PASSWORD: "" }, "--output-key-prefix", "team", "--force")).code).toBe(0);
    await readPrivateKeyFile(join(work, "team.key"), "");
  });

  it("stops without a password source", async () => {
    const run = await generate(withoutPassword);
    expect([run.code, run.stderr.trim()]).toEqual([1, "wardenkit generate-key-pair: no password for the private key: set COSIGN_PASSWORD (empty for none) or pass --password-file"]);
  });
});
