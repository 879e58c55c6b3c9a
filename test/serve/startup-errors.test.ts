// A serve that cannot start says why in one sentence and exits non-zero, whatever it had
// started by then (workers, watchers): a port in use or out of range, an address that is not
// this machine's, certificate files that are not usable, a policies.yml it cannot read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localCertificate } from "../../src/serve/certificates.ts";
import { freePort } from "../support/registry.ts";
import { builtModulePath } from "../support/policies.ts";
import { ServeProcess } from "./support/serve-process.ts";

/** Far longer than a start takes: past it, serve is taken to hang. */
const HANG_MS = 60_000;
let work: string;
let occupied: Server;
let occupiedPort: number;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "wardenkit-serve-start-"));
  // A project of its own, so that serve takes its dist/ and deploy/ from here.
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "serve-test", version: "0.1.0", wardenkit: {} }));
  mkdirSync(join(work, "dist"));
  copyFileSync(builtModulePath("required-labels"), join(work, "dist", "required-labels.wasm"));
  const [one, other] = [join(work, "one"), join(work, "other")].map((dir) => localCertificate(dir, ["localhost"]));
  writeFileSync(join(work, "cert.pem"), one.cert);
  writeFileSync(join(work, "key.pem"), one.key);
  writeFileSync(join(work, "other-key.pem"), other.key);
  writeFileSync(join(work, "not-pem.txt"), "hello\n");
  mkdirSync(join(work, "a-directory.yml"));
  occupiedPort = await freePort();
  occupied = createServer();
  await new Promise<void>((done) => occupied.listen(occupiedPort, "127.0.0.1", done));
});

afterAll(async () => {
  await ServeProcess.killAll();
  await new Promise((done) => occupied?.close(done));
  rmSync(work, { recursive: true, force: true });
});

/** Runs serve to its end; a serve still running after HANG_MS fails the test. */
async function startFails(args: string[]): Promise<{ code: number | "hung"; output: string }> {
  const serve = new ServeProcess(args, work);
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((done) => (timer = setTimeout(() => done("hung"), HANG_MS)));
  const code = await Promise.race([serve.exited, hung]);
  clearTimeout(timer);
  if (code === "hung") await serve.stop("SIGKILL");
  return { code, output: serve.output };
}

async function expectOneSentence(args: string[], code: number, sentence: RegExp): Promise<void> {
  const result = await startFails(args);
  expect(result.code, result.output).toBe(code);
  const lines = result.output.trim().split("\n");
  expect(lines.at(-1)).toMatch(sentence);
  expect(result.output).not.toMatch(/^\s+at /m); // no stack trace
}

describe("serve ends at once, with the reason, when it cannot start", () => {
  it("on a port already in use", async () => {
    await expectOneSentence(["--port", String(occupiedPort)], 1, new RegExp(`^wardenkit serve: port ${occupiedPort} is already in use$`));
  });

  it.each(["99999", "http"])("on --port %s, which is no port", async (port) => {
    await expectOneSentence(["--port", port], 2, new RegExp(`^wardenkit serve: --port must be a whole number from 1 to 65535, not '${port}'; usage: wardenkit serve `));
  });

  it("on an address that is not this machine's", async () => {
    await expectOneSentence(["--port", String(await freePort()), "--address", "192.0.2.1"], 1, /^wardenkit serve: cannot listen on 192\.0\.2\.1: it is not an address of this machine$/);
  });

  it("on certificate files that cannot be used", async () => {
    const port = String(await freePort());
    const tls = (cert: string, key: string) => ["--port", port, "--tls-cert", join(work, cert), "--tls-key", join(work, key)];
    await expectOneSentence(tls("not-pem.txt", "key.pem"), 1, /^wardenkit serve: .*not-pem\.txt holds no PEM certificate$/);
    await expectOneSentence(tls("cert.pem", "not-pem.txt"), 1, /^wardenkit serve: .*not-pem\.txt holds no PEM private key$/);
    await expectOneSentence(tls("cert.pem", "missing.pem"), 1, /^wardenkit serve: cannot read .*missing\.pem: ENOENT$/);
    await expectOneSentence(tls("cert.pem", "other-key.pem"), 1, /^wardenkit serve: the TLS certificate and key cannot be used: key values mismatch$/);
  });

  it("on a policies.yml it cannot read", async () => {
    const port = String(await freePort());
    await expectOneSentence(["--port", port, "--config", join(work, "missing.yml")], 1, /^wardenkit serve: cannot read .*missing\.yml: no such file$/);
    await expectOneSentence(["--port", port, "--config", join(work, "a-directory.yml")], 1, /^wardenkit serve: cannot read .*a-directory\.yml: it is a directory, not a file$/);
  });
});
