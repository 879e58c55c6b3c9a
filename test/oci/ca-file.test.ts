// A private registry over real HTTPS on loopback (Debian's docker-registry with a
// certificate from an openssl-made CA): reached with --ca-file naming that CA, and
// refused with a TLS sentence when the CA given is another one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspectPolicy } from "../../src/oci/inspect.ts";
import { pullPolicy } from "../../src/oci/pull.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { makeCertificateAuthority, type TestCertificates } from "../support/certificate-authority.ts";
import { builtModulePath, POLICY_NAMES } from "../support/policies.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { runWardenkit } from "../support/run-command.ts";
import { testModule } from "../support/wasm.ts";

const anonymous = { env: {} };
let ca: TestCertificates;
let otherCa: TestCertificates;
let registry: RunningRegistry;
let work: string;

beforeAll(async () => {
  ca = makeCertificateAuthority();
  otherCa = makeCertificateAuthority("wardenkit-other-ca");
  registry = await startRegistry({ tls: ca });
  work = mkdtempSync(join(tmpdir(), "wardenkit-ca-file-"));
});
afterAll(async () => {
  await registry?.stop();
  ca?.remove();
  otherCa?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("--ca-file", () => {
  it("pushes, pulls and inspects over HTTPS trusting the registry's CA", async () => {
    const wasm = testModule();
    const target = `${registry.host}/policies/tls:v1`;
    const pushed = await pushPolicy(wasm, target, { ...anonymous, caFile: ca.caPath });
    expect((await pullPolicy(target, { ...anonymous, caFile: ca.caPath })).wasm).toEqual(wasm);
    expect((await inspectPolicy(`registry://${target}`, { ...anonymous, caFile: ca.caPath })).manifestDigest).toBe(pushed.digest);
  });

  it("fails with a TLS sentence when the CA did not sign the registry's certificate", async () => {
    await expect(pullPolicy(`${registry.host}/policies/tls:v1`, { ...anonymous, caFile: otherCa.caPath })).rejects.toThrow(
      `cannot reach the registry at ${registry.host} (TLS failed: unable to verify the first certificate; a registry with a private CA needs --ca-file)`,
    );
  });

  it("is a flag of push, pull, inspect and publish, and names an unreadable bundle", async () => {
    const file = join(work, "policy.wasm");
    writeFileSync(file, testModule());
    const reference = `registry://${registry.host}/policies/cli-tls:v1`;
    const pushed = await runWardenkit(["push", file, reference, "--ca-file", ca.caPath], { env: { ...process.env, DOCKER_CONFIG: work } });
    expect(pushed.stderr).toBe("");
    const out = join(work, "pulled.wasm");
    const pulled = await runWardenkit(["pull", reference, "--output-file", out, "--ca-file", ca.caPath], { env: { ...process.env, DOCKER_CONFIG: work } });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(readFileSync(out)).toEqual(readFileSync(file));
    const inspected = await runWardenkit(["inspect", reference, "--ca-file", ca.caPath, "-o", "json"], { env: { ...process.env, DOCKER_CONFIG: work } });
    expect(JSON.parse(inspected.stdout).manifestDigest).toBe(pushed.stdout.trim().split("@")[1]);
    const dist = join(work, "dist");
    mkdirSync(dist);
    for (const name of POLICY_NAMES) copyFileSync(builtModulePath(name), join(dist, `${name}.wasm`));
    const published = await runWardenkit(["publish", "--registry", `${registry.host}/team`, "--dist", dist, "--ca-file", ca.caPath, "-o", "json"], { env: { ...process.env, DOCKER_CONFIG: work } });
    expect(published.stderr).toBe("");
    expect(JSON.parse(published.stdout)).toHaveLength(POLICY_NAMES.length);
    const missing = await runWardenkit(["pull", reference, "--output-file", out, "--ca-file", join(work, "absent.pem")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`wardenkit pull: cannot read the CA bundle ${join(work, "absent.pem")}: no such file`);
  });
});
