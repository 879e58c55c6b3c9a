// The memory cap as a rewrite of the module: memory.grow past the cap fails
// inside V8 (the pages are never allocated), the host can tell that this is why
// the policy failed, and a policy that stays under the cap answers as before.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { capMemory, MemoryCapError, PAGE_BYTES } from "../../src/wasm/memory-cap.ts";
import { readPolicyMetadata } from "../../src/wasm/policy-metadata.ts";
import { compileAssemblyScript } from "../../src/build/compile.ts";
import { PROJECT } from "../support/project.ts";
import { join } from "node:path";
import { builtModulePath } from "../support/policies.ts";
import { loopingModule } from "../serve/support/looping-module.ts";
import { podRequest } from "../serve/support/harness.ts";
import type { AdmissionRequest } from "../../src/host/admission-request.ts";

const MIB = 2 ** 20;
let hungry: Uint8Array;

beforeAll(async () => {
  hungry = await compileAssemblyScript(PROJECT.root, join(PROJECT.root, "test", "guest-modules", "memory-hungry.ts"));
});

async function evaluator(bytes: Uint8Array, name: string): Promise<PolicyEvaluator> {
  return new PolicyEvaluator(await PolicyModule.fromBytes(bytes, name));
}

describe("capMemory", () => {
  it("makes a policy that asks for 1 GiB fail at the cap, and says so", async () => {
    const policy = await evaluator(capMemory(hungry, 32 * MIB), "hungry");
    const evaluation = policy.validate(podRequest("h") as unknown as AdmissionRequest);
    expect(evaluation.admission.allowed).toBe(false);
    expect(policy.lastMemoryRefusal).toMatch(/^the policy asked for [\d.]+ MiB more memory while using ([\d.]+) MiB, past the cap of 32 MiB per evaluation \(guest trapped/);
    const used = Number(/while using ([\d.]+) MiB/.exec(policy.lastMemoryRefusal!)![1]);
    expect(used).toBeLessThanOrEqual(32);
  });

  it("leaves a policy under the cap answering as it did, metadata included", async () => {
    const original = readFileSync(builtModulePath("required-labels"));
    const capped = capMemory(original, 16 * MIB);
    expect(readPolicyMetadata(capped)).toEqual(readPolicyMetadata(original));
    const request = podRequest("r", { app: "web" }) as unknown as AdmissionRequest;
    const before = (await evaluator(original, "before")).validate(request, { requiredLabels: ["app", "team"] });
    const after = await evaluator(capped, "after");
    expect(after.validate(request, { requiredLabels: ["app", "team"] })).toEqual(before);
    expect(after.lastMemoryRefusal).toBeNull();
  });

  it("sets the memory maximum to the cap, and refuses a module that starts above it", () => {
    const module = new WebAssembly.Module(capMemory(loopingModule(3), 64 * MIB) as Uint8Array<ArrayBuffer>);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain("wardenkit:refused-grow");
    const instance = new WebAssembly.Instance(module, { wapc: { __guest_response: () => {} } });
    const memory = instance.exports.memory as WebAssembly.Memory;
    expect(memory.buffer.byteLength).toBe(3 * PAGE_BYTES);
    expect(() => memory.grow(64 * 16)).toThrow(RangeError); // past 64 MiB
    expect(memory.grow(1)).toBe(3);
    expect(() => capMemory(loopingModule(32), MIB)).toThrow(new MemoryCapError("starts with 2 MiB of memory, more than the cap of 1 MiB per evaluation"));
  });
});
