// The one fetcher of modules: files with the reason in words, downloads from a real HTTP
// server on loopback, registry pulls from a real distribution registry kept by digest.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchModule, ModuleFileError } from "../../src/modules/fetch-module.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { builtModulePath } from "../support/policies.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";

const module = () => readFileSync(builtModulePath("required-labels"));
const work = () => mkdtempSync(join(tmpdir(), "wardenkit-fetch-"));

describe("a module file", () => {
  it("is read, or refused with its path and the reason in words", async () => {
    const dir = work();
    writeFileSync(join(dir, "policy.wasm"), module());
    expect(Buffer.from(await fetchModule({ kind: "file", path: join(dir, "policy.wasm") }))).toEqual(module());
    const missing = fetchModule({ kind: "file", path: join(dir, "nowhere.wasm") });
    await expect(missing).rejects.toThrow(ModuleFileError);
    await expect(missing).rejects.toThrow(`cannot read ${join(dir, "nowhere.wasm")}: ENOENT (no such file)`);
    mkdirSync(join(dir, "folder.wasm"));
    await expect(fetchModule({ kind: "file", path: join(dir, "folder.wasm") })).rejects.toThrow(`cannot read ${join(dir, "folder.wasm")}: EISDIR (it is a directory, not a file)`);
  });

});

describe("an http(s):// module", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/policy.wasm") response.end(module());
      else response.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("is downloaded, and a failed download names the URL and the answer", async () => {
    expect(Buffer.from(await fetchModule({ kind: "url", url: `${base}/policy.wasm` }))).toEqual(module());
    await expect(fetchModule({ kind: "url", url: `${base}/missing.wasm` })).rejects.toThrow(`cannot download ${base}/missing.wasm: HTTP 404`);
  });
});

describe("a registry:// module", () => {
  let registry: RunningRegistry | undefined;
  let reference: string;
  let digest: string;
  beforeAll(async () => {
    registry = await startRegistry();
    reference = `registry://${registry.host}/policies/required-labels:v1`;
    digest = (await pushPolicy(module(), reference, { env: {} })).digest;
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it("is pulled even when the cache folder cannot be written", async () => {
    const blocked = join(work(), "a-file");
    writeFileSync(blocked, "");
    expect(Buffer.from(await fetchModule({ kind: "registry", reference }, { cacheDir: join(blocked, "modules") }))).toEqual(module());
  });

  it("is kept by digest, and read from the cache when pinned, without the registry", async () => {
    const cacheDir = work();
    await fetchModule({ kind: "registry", reference }, { cacheDir });
    expect(readdirSync(cacheDir)).toEqual([`${digest.replace(":", "-")}.wasm`]);
    await registry!.stop();
    registry = undefined;
    const pinned = reference.replace(":v1", `@${digest}`);
    expect(Buffer.from(await fetchModule({ kind: "registry", reference: pinned }, { cacheDir }))).toEqual(module());
  });
});
