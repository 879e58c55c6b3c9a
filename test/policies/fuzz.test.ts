// Property test: mutated requests and settings fed to every built policy never
// trap, and every answer is a well-formed Kubewarden response.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GuestInstance } from "../../src/host/guest.ts";
import { createHostCallHandler } from "../../src/host/capabilities/dispatcher.ts";
import type { PolicyModule } from "../../src/host/policy-module.ts";
import { toAdmissionRequest } from "../../src/host/admission-request.ts";
import { PROJECT } from "../support/project.ts";
import { loadBuiltPolicy, POLICY_NAMES, validSettings } from "../support/policies.ts";

const RUNS = 400;

/** Every fixture request of every policy: realistic starting points for mutation. */
function fixtureRequests(): unknown[] {
  const dir = PROJECT.folders.fixtures;
  return readdirSync(dir).flatMap((policy) =>
    readdirSync(join(dir, policy))
      .filter((f) => f.endsWith(".json"))
      .map((f) => toAdmissionRequest(JSON.parse(readFileSync(join(dir, policy, f), "utf8")))),
  );
}

/** Replaces a random subtree of `doc` with an arbitrary JSON value. */
function mutate(doc: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof doc !== "object" || doc === null) return replacement;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(doc) ? [...doc] : { ...(doc as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return replacement;
  const key = keys[path[0] % keys.length];
  (copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}

function expectResponse(policy: PolicyModule, operation: string, payload: string, check: (answer: Record<string, unknown>) => void): void {
  const result = new GuestInstance(policy, createHostCallHandler()).call(operation, new TextEncoder().encode(payload));
  expect(result.trapped, result.error).toBe(false);
  expect(result.ok, result.error).toBe(true);
  check(JSON.parse(new TextDecoder().decode(result.response)));
}

describe.each(POLICY_NAMES)("%s under fuzzing", (name) => {
  let policy: PolicyModule;
  const requests = fixtureRequests();
  beforeAll(async () => {
    policy = await loadBuiltPolicy(name);
  });

  it("answers mutated requests with a valid ValidationResponse", () => {
    const settings = validSettings(name);
    fc.assert(
      fc.property(
        fc.constantFrom(...requests),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.jsonValue({ maxDepth: 3 }),
        (request, path, replacement) => {
          const payload = JSON.stringify({ request: mutate(request, path, replacement), settings });
          expectResponse(policy, "validate", payload, (answer) => {
            expect(typeof answer.accepted).toBe("boolean");
            if (answer.message !== undefined) expect(typeof answer.message).toBe("string");
            if (answer.code !== undefined) expect(Number.isInteger(answer.code)).toBe(true);
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("answers mutated settings with {valid, message}", () => {
    const valid = validSettings(name);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }), (path, replacement) => {
        const settings = mutate(valid, path, replacement);
        expectResponse(policy, "validate_settings", JSON.stringify(settings), (answer) => {
          expect(typeof answer.valid).toBe("boolean");
          if (!answer.valid) expect(answer.message).toMatch(/\S/);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("answers arbitrary bytes without trapping", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom("validate", "validate_settings"), (bytes, operation) => {
        const result = new GuestInstance(policy, createHostCallHandler()).call(operation, bytes);
        expect(result.trapped, result.error).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
