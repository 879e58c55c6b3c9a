// serve judges a module as Kubewarden would load it: one that imports what Kubewarden does not
// provide is not served, for the reasons the build gives (not as invalid settings); one that
// imports WASI, as Kubewarden allows, is served, and Node's warning that its WASI is
// experimental never reaches serve's output. serve runs as users run it, so that everything it
// and its workers print is seen.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { auditModule, WOULD_NOT_LOAD } from "../../src/build/audit.ts";
import { compileTestModule } from "../support/compiled-modules.ts";
import { PROJECT } from "../support/project.ts";
import { admissionReview, podRequest, type HttpsClient } from "./support/harness.ts";
import { ServeProcess, startServe } from "./support/serve-process.ts";

let work: string;
let serve: ServeProcess;
let client: HttpsClient;
let forbidden: Uint8Array;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "wardenkit-serve-modules-"));
  forbidden = await compileTestModule(join(PROJECT.root, "test", "guest-modules", "forbidden-import.ts"));
  writeFileSync(join(work, "forbidden.wasm"), forbidden);
  writeFileSync(join(work, "clock.wasm"), await compileTestModule(join(PROJECT.root, "test", "guest-modules", "wasi-clock.ts")));
  writeFileSync(join(work, "policies.yml"), stringify({ forbidden: { module: "forbidden.wasm" }, clock: { module: "clock.wasm" } }));
  ({ serve, client } = await startServe(work, "--config", "policies.yml"));
});

afterAll(async () => {
  client?.close();
  await ServeProcess.killAll();
  rmSync(work, { recursive: true, force: true });
});

describe("a module importing what Kubewarden does not provide", () => {
  it("is not served, with the build audit's reasons", async () => {
    const reasons = `${WOULD_NOT_LOAD}: ${auditModule(forbidden).join("; ")}`;
    expect(reasons).toMatch(/imports env\.now, which Kubewarden does not provide/);
    expect(serve.output).toContain(`policy forbidden is not served: ${reasons}\n`);
    const readiness = await client.get("/readiness");
    expect(readiness.status).toBe(503);
    expect(readiness.text).toBe(`not every policy is served: forbidden (${reasons})`);
    const review = await client.post("/validate/forbidden", admissionReview(podRequest("f")));
    expect(review.status).toBe(404);
    expect(review.text).toBe(`policy forbidden is not served: ${reasons}`);
  });
});

describe("a module importing WASI", () => {
  it("is served, and Node's experimental warning stays out of serve's output", async () => {
    const review = await client.post("/validate/clock", admissionReview(podRequest("c")));
    expect(review.json().response).toEqual({ uid: "c", allowed: true });
    expect(serve.output).not.toMatch(/Warning/);
    expect(serve.output).toMatch(/^loaded policy clock$/m);
  });
});
