// policy-server's timeout protection (wasmtime epoch interruption) on the
// wasmtime host: a module built the old way, with a wasm start section, cannot
// be instantiated (policy-server exits at start-up on it), while kwctl's
// defaults (no protection) run it; the same source with an exported _start
// runs under protection. A guest that never returns is interrupted at the deadline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT } from "../support/project.ts";
import { compileTestModule } from "../support/compiled-modules.ts";
import { readModuleInfo } from "../../src/wasm/module-info.ts";
import { EngineError, WasmtimeEngine } from "../../tools/engine/engine-process.ts";
import { WasmtimeEvaluator } from "../../tools/engine/wasmtime-evaluator.ts";
import { compileWithStartSection, START_PROBE } from "../support/start-section.ts";

let dir: string;
let protectedEngine: WasmtimeEngine;
let unprotectedEngine: WasmtimeEngine;
let withStartSection: string;
let startFunction: number;
let withExportedStart: string;
let endlessLoop: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-start-section-"));
  const old = await compileWithStartSection();
  startFunction = readModuleInfo(old).startFunction!;
  expect(startFunction, "compiled without exportStart, the module has a start section").toBeTypeOf("number");
  writeFileSync((withStartSection = join(dir, "start-section.wasm")), old);
  const current = await compileTestModule(START_PROBE);
  expect(readModuleInfo(current).startFunction).toBeUndefined();
  writeFileSync((withExportedStart = join(dir, "exported-start.wasm")), current);
  const loop = await compileTestModule(join(PROJECT.root, "test", "guest-modules", "endless-loop.ts"));
  writeFileSync((endlessLoop = join(dir, "endless-loop.wasm")), loop);
  protectedEngine = WasmtimeEngine.start({ policyTimeoutSeconds: 1 });
  unprotectedEngine = WasmtimeEngine.start({ timeoutProtection: false });
});

afterAll(async () => {
  await Promise.all([protectedEngine?.stop(), unprotectedEngine?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("the wasmtime host with policy-server's timeout protection", () => {
  it("cannot instantiate a module with a wasm start section", async () => {
    const evaluator = await WasmtimeEvaluator.load(protectedEngine, withStartSection);
    const result = await evaluator.call("validate_settings", new TextEncoder().encode("{}"));
    expect(result.ok).toBe(false);
    expect(result.trapped).toBe(true);
    // policy-server's words at start-up: "... cannot build Wapc host: Initialization failed: error while executing at wasm backtrace: ... <wasm function N>"
    expect(result.error).toMatch(/^Initialization failed: error while executing at wasm backtrace:/);
    expect(result.error).toContain(`<wasm function ${startFunction}>`);
  });

  it("runs the same module without the protection, as kwctl does", async () => {
    const evaluator = await WasmtimeEvaluator.load(unprotectedEngine, withStartSection);
    expect(await evaluator.validateSettings({})).toEqual({ valid: true });
  });

  it("runs the module whose initialisation is an exported _start", async () => {
    const evaluator = await WasmtimeEvaluator.load(protectedEngine, withExportedStart);
    expect(await evaluator.validateSettings({})).toEqual({ valid: true });
  });

  it("interrupts a call that runs past the deadline, with wasmtime-provider's words", async () => {
    const evaluator = await WasmtimeEvaluator.load(protectedEngine, endlessLoop);
    const result = await evaluator.call("validate", new TextEncoder().encode("{}"));
    expect(result).toMatchObject({ ok: false, error: "guest code interrupted, execution deadline exceeded" });
  });

  it("answers a module it cannot compile with wasmtime's reason", async () => {
    const bad = join(dir, "not-wasm.wasm");
    writeFileSync(bad, "not a module");
    await expect(WasmtimeEvaluator.load(protectedEngine, bad)).rejects.toThrow(EngineError);
    await expect(protectedEngine.load(bad)).rejects.toThrow(/^cannot compile the module: /);
  });
});
