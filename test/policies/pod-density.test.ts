// pod-density beyond what cases.yaml expresses: the exact bytes of its host
// calls, and arbitrary host answers that must never trap it.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GuestInstance, HostCallError, type HostCallHandler } from "../../src/host/guest.ts";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { toAdmissionRequest } from "../../src/host/admission-request.ts";
import type { PolicyModule } from "../../src/host/policy-module.ts";
import { PROJECT } from "../support/project.ts";
import { loadBuiltPolicy } from "../support/policies.ts";

const NODE = "ip-10-0-1-10.eu-west-1.compute.internal";
const fixture = (name: string) => toAdmissionRequest(JSON.parse(readFileSync(join(PROJECT.folders.fixtures, "pod-density", name), "utf8")));
const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));

let policy: PolicyModule;
beforeAll(async () => {
  policy = await loadBuiltPolicy("pod-density");
});

function validate(request: unknown, settings: unknown, handler: HostCallHandler) {
  const payload = PolicyEvaluator.validationPayload(request as never, settings);
  return new GuestInstance(policy, handler).call("validate", payload);
}

describe("pod-density host calls", () => {
  it("sends the snake_case bodies of get_resource and list_resources_all, with disable_cache always present", () => {
    const calls: unknown[] = [];
    const result = validate(fixture("binding-full-node.json"), { eniMaxPods: true }, (binding, namespace, operation, payload) => {
      calls.push([`${binding} ${namespace} ${operation}`, JSON.parse(new TextDecoder().decode(payload))]);
      if (operation === "get_resource") return encode({ apiVersion: "v1", kind: "Node", metadata: { name: NODE, labels: { "node.kubernetes.io/instance-type": "t3.medium" } } });
      return encode({ apiVersion: "v1", kind: "PodList", items: [] });
    });
    expect(result.ok, result.error).toBe(true);
    expect(calls).toEqual([
      ["kubewarden kubernetes get_resource", { api_version: "v1", kind: "Node", name: NODE, disable_cache: false, field_masks: ["metadata.labels"] }],
      ["kubewarden kubernetes list_resources_all", { api_version: "v1", kind: "Pod", field_selector: `spec.nodeName=${NODE}`, field_masks: ["status.phase"] }],
    ]);
  });

  it("sends the namespace in list_resources_by_namespace", () => {
    const calls: unknown[] = [];
    validate(fixture("pod-create-shop.json"), { maxPodsPerNamespace: 3 }, (_b, _n, operation, payload) => {
      calls.push([operation, JSON.parse(new TextDecoder().decode(payload))]);
      return encode({ items: [] });
    });
    expect(calls).toEqual([["list_resources_by_namespace", { api_version: "v1", kind: "Pod", namespace: "shop", field_masks: ["status.phase"] }]]);
  });

  it("turns any host answer, or host error, into a verdict without trapping", () => {
    const answer = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => ({ bytes: encode(JSON.stringify(v)) })),
      fc.record({ items: fc.array(fc.record({ status: fc.record({ phase: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }) })) }).map((v) => ({ bytes: encode(v) })),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes })),
      fc.string().map((error) => ({ error })),
    );
    fc.assert(
      fc.property(
        fc.constantFrom("binding-full-node.json", "pod-create-on-full-node.json", "pod-create-shop.json"),
        fc.array(answer, { minLength: 2, maxLength: 2 }),
        (file, answers) => {
          let call = 0;
          const result = validate(fixture(file), { eniMaxPods: true, maxPodsPerNamespace: 2 }, () => {
            const a = answers[call++ % answers.length];
            if ("error" in a) throw new HostCallError(a.error);
            return a.bytes;
          });
          expect(result.trapped, result.error).toBe(false);
          const verdict = JSON.parse(new TextDecoder().decode(result.response));
          expect(typeof verdict.accepted).toBe("boolean");
          if (!verdict.accepted) expect(verdict.message).toMatch(/\S/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
