// run-as-non-root beyond what cases.yaml expresses: whatever a pod spec holds,
// the policy answers without trapping, and a mutation only ever adds the
// pod-level runAsNonRoot: true.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { applyPatch } from "../../src/host/json-patch.ts";
import { wrapObject } from "../../src/host/wrap-object.ts";
import { builtModulePath } from "../support/policies.ts";

let evaluator: PolicyEvaluator;
beforeAll(async () => {
  evaluator = new PolicyEvaluator(await PolicyModule.fromFile(builtModulePath("run-as-non-root")));
});

const oddValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer({ min: -2, max: 2 }), fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }));
const securityContext = fc.oneof(
  oddValue,
  fc.record(
    {
      runAsNonRoot: oddValue,
      runAsUser: oddValue,
      capabilities: fc.oneof(oddValue, fc.record({ add: fc.oneof(oddValue, fc.array(fc.constantFrom("NET_ADMIN", "cap_chown", "ALL", 7))), drop: oddValue }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ),
);
const container = fc.oneof(fc.record({ name: fc.constantFrom("a", "b"), image: fc.constant("x"), securityContext }, { requiredKeys: ["name"] }), oddValue);
const podSpec = fc.record(
  {
    securityContext,
    containers: fc.oneof(fc.array(container, { maxLength: 3 }), oddValue),
    initContainers: fc.array(container, { maxLength: 2 }),
    ephemeralContainers: fc.array(container, { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const kindAndSpec = fc.oneof(
  podSpec.map((spec) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns" }, spec })),
  podSpec.map((spec) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "ns" }, spec: { template: { spec } } })),
  podSpec.map((spec) => ({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c", namespace: "ns" }, spec: { jobTemplate: { spec: { template: { spec } } } } })),
);
const settings = fc.record({ mutate: fc.boolean(), allowedCapabilities: fc.constantFrom([], ["NET_ADMIN"], ["CAP_CHOWN", "NET_ADMIN"]) });

describe("run-as-non-root", () => {
  it("answers every pod spec, and a patch only sets the pod-level runAsNonRoot", () => {
    fc.assert(
      fc.property(kindAndSpec, settings, fc.constantFrom("CREATE" as const, "UPDATE" as const), (object, s, operation) => {
        const plain = JSON.parse(JSON.stringify(object));
        const request = wrapObject(plain, { operation, oldObject: operation === "UPDATE" ? plain : undefined });
        const { admission, error } = evaluator.validate(request, s);
        expect(error).toBeUndefined();
        if (!admission.patch) return;
        expect(s.mutate).toBe(true);
        expect(operation === "UPDATE" && plain.kind === "Pod").toBe(false);
        const ops = JSON.parse(Buffer.from(admission.patch, "base64").toString());
        const patched = applyPatch(plain, ops) as Record<string, any>;
        const specOf = (o: Record<string, any>) =>
          o.kind === "Pod" ? o.spec : o.kind === "Deployment" ? o.spec.template.spec : o.spec.jobTemplate.spec.template.spec;
        expect(specOf(patched).securityContext.runAsNonRoot).toBe(true);
        specOf(patched).securityContext = specOf(plain).securityContext;
        if (specOf(plain).securityContext === undefined) delete specOf(patched).securityContext;
        expect(patched).toEqual(plain);
      }),
      { numRuns: 500 },
    );
  });
});
