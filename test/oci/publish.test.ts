// publishPolicies: the module of every project policy under one prefix, with the per-policy manifest hook.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishPolicies, type PublishedPolicy } from "../../src/oci/publish.ts";
import { pullPolicy } from "../../src/oci/pull.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { testModule } from "../support/wasm.ts";

let registry: RunningRegistry;
let dist: string;
beforeAll(async () => {
  registry = await startRegistry();
  dist = mkdtempSync(join(tmpdir(), "wardenkit-dist-"));
});
afterAll(async () => {
  await registry?.stop();
  rmSync(dist, { recursive: true, force: true });
});

describe("publishPolicies", () => {
  it("pushes each policy's module as <prefix>/<policy>:v<version> and hands each result to the manifest hook", async () => {
    writeFileSync(join(dist, "one.wasm"), testModule());
    writeFileSync(join(dist, "two.wasm"), testModule({ padding: 64 }));
    writeFileSync(join(dist, "notes.txt"), "not a module");
    const seen: PublishedPolicy[] = [];
    const published = await publishPolicies({
      registry: `registry://${registry.host}/wardenkit/`,
      version: "2.0.0",
      distDir: dist,
      policies: ["two", "one"],
      env: {},
      writePolicyManifest: async (p) => void seen.push(p),
    });
    expect(published.map((p) => p.policy)).toEqual(["one", "two"]);
    expect(seen).toEqual(published);
    for (const p of published) {
      expect(p.tagged).toBe(`registry://${registry.host}/wardenkit/${p.policy}:v2.0.0`);
      expect((await pullPolicy(p.tagged, { env: {} })).digest).toBe(p.digest);
    }
  });

  it("leaves modules in dist/ that are not a policy of the project alone", async () => {
    writeFileSync(join(dist, "one.wasm"), testModule());
    writeFileSync(join(dist, "scratch.wasm"), testModule({ padding: 32 }));
    const published = await publishPolicies({ registry: `${registry.host}/only`, version: "2.0.0", distDir: dist, policies: ["one"], env: {} });
    expect(published.map((p) => p.policy)).toEqual(["one"]);
    await expect(pullPolicy(`${registry.host}/only/scratch:v2.0.0`, { env: {} })).rejects.toThrow("repository only/scratch not found");
  });

  it("stops at the first module that cannot be pushed and names it", async () => {
    writeFileSync(join(dist, "aaa-broken.wasm"), "not wasm");
    await expect(publishPolicies({ registry: `${registry.host}/x`, version: "2.0.0", distDir: dist, policies: ["one", "aaa-broken"], env: {} })).rejects.toThrow(
      `publishing aaa-broken failed: ${join(dist, "aaa-broken.wasm")} is not a WebAssembly module`,
    );
  });

  it("names the policies whose module has not been built", async () => {
    const empty = mkdtempSync(join(tmpdir(), "wardenkit-dist-"));
    await expect(publishPolicies({ registry: `${registry.host}/x`, version: "1.0.0", distDir: empty, policies: ["one", "two"] })).rejects.toThrow(
      `${join(empty, "one.wasm")}, ${join(empty, "two.wasm")} not found; build the policies first`,
    );
    rmSync(empty, { recursive: true });
  });

  it("publishes the same module again without a word, but refuses to move a version to another module unless forced", async () => {
    const own = mkdtempSync(join(tmpdir(), "wardenkit-dist-"));
    const publish = (force?: boolean) => publishPolicies({ registry: `${registry.host}/kept`, version: "3.0.0", distDir: own, policies: ["one"], env: {}, force });
    writeFileSync(join(own, "one.wasm"), testModule());
    const [first] = await publish();
    const [again] = await publish();
    expect(again.digest).toBe(first.digest);

    writeFileSync(join(own, "one.wasm"), testModule({ padding: 16 }));
    await expect(publish()).rejects.toThrow(
      `publishing one failed: registry://${registry.host}/kept/one:v3.0.0 already names ${first.digest}, and this module would move it to sha256:`,
    );
    expect((await pullPolicy(`${registry.host}/kept/one:v3.0.0`, { env: {} })).digest, "the tag was left where it was").toBe(first.digest);
    const [moved] = await publish(true);
    expect(moved.digest).not.toBe(first.digest);
    expect((await pullPolicy(`${registry.host}/kept/one:v3.0.0`, { env: {} })).digest).toBe(moved.digest);
    rmSync(own, { recursive: true });
  });
});
