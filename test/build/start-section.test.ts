// No module may have a wasm start section: policy-server runs it before it sets the epoch
// deadline, so with its timeout protection on (the default) it traps and policy-server exits.
// The build refuses one and the host refuses to load one, so no test can pass on a module
// that policy-server would not load.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { auditModule } from "../../src/build/audit.ts";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { readModuleInfo } from "../../src/wasm/module-info.ts";
import { builtModulePath, POLICY_NAMES } from "../support/policies.ts";
import { compileWithStartSection } from "../support/start-section.ts";

const built = (name: string) => new Uint8Array(readFileSync(builtModulePath(name)));
const REASON = /has a wasm start section \(function \d+\), which traps in policy-server with timeout protection on \(its default\) and stops it at start-up; export the initialisation as _start instead/;

describe.each(POLICY_NAMES)("dist/%s.wasm", (name) => {
  it("has no start section and exports its initialisation as _start", () => {
    const info = readModuleInfo(built(name));
    expect(info.startFunction).toBeUndefined();
    expect(info.exports.find((e) => e.name === "_start")?.kind).toBe("function");
  });

  it("is initialised by _start before the first call, so it answers as before", async () => {
    const evaluator = new PolicyEvaluator(await PolicyModule.fromBytes(built(name), name));
    expect(evaluator.protocolVersion()).toBe("v1");
  });
});

describe("a module with a start section", () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await compileWithStartSection();
  });
  const legacy = () => bytes;

  it("is a valid module with a start function and no _start export", () => {
    const info = readModuleInfo(legacy());
    expect(info.startFunction).toBeTypeOf("number");
    expect(info.exports.some((e) => e.name === "_start")).toBe(false);
    expect(() => new WebAssembly.Module(legacy() as Uint8Array<ArrayBuffer>)).not.toThrow();
  });

  it("is refused by the build's audit, naming the reason", () => {
    const problems = auditModule(legacy());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(REASON);
  });

  it("is refused by the host, as policy-server refuses it", async () => {
    await expect(PolicyModule.fromBytes(legacy(), "legacy")).rejects.toThrow(new RegExp(`^legacy ${REASON.source}`));
  });
});
