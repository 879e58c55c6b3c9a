// One instance, many evaluations: memory must stay flat, since the SDK
// collects garbage at the end of every call.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { GuestInstance } from "../../src/host/guest.ts";
import { createHostCallHandler } from "../../src/host/capabilities/dispatcher.ts";
import { PROJECT } from "../support/project.ts";
import { loadBuiltPolicy } from "../support/policies.ts";

const EVALUATIONS = 100_000;

describe("a long-lived instance", () => {
  it(`keeps its memory flat over ${EVALUATIONS.toLocaleString("en")} evaluations`, async () => {
    const policy = await loadBuiltPolicy("required-labels");
    const review = JSON.parse(readFileSync(join(PROJECT.folders.fixtures, "required-labels/create-pod-unlabelled.json"), "utf8"));
    const payload = PolicyEvaluator.validationPayload(review.request, { requiredLabels: ["app", "owner"] });
    const guest = new GuestInstance(policy, createHostCallHandler());
    const warmUp = 1_000;
    for (let i = 0; i < warmUp; i++) guest.call("validate", payload);
    const afterWarmUp = guest.memorySize;
    for (let i = warmUp; i < EVALUATIONS; i++) {
      const result = guest.call("validate", payload);
      if (!result.ok) throw new Error(`evaluation ${i} failed: ${result.error}`);
    }
    expect(guest.memorySize).toBe(afterWarmUp);
    expect(afterWarmUp).toBeLessThanOrEqual(4 * 65536);
  });
});
