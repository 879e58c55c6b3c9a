// The rules the API server refuses in a webhook configuration, which the Kubewarden
// controller copies from a policy unchecked: refused when a manifest is written and when a
// policy set is loaded. test/policyset/matching-differential.test.ts checks the same against
// the real API server.
import { describe, expect, it } from "vitest";
import { checkControllerRules } from "../../src/manifests/controller-rules.ts";
import { webhookRuleProblem } from "../../src/manifests/webhook-rules.ts";
import type { PolicyMetadata, PolicyRule } from "../../src/wasm/policy-metadata.ts";

const rule = (over: Partial<PolicyRule>): PolicyRule => ({ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"], ...over });

describe("webhook rules", () => {
  it.each([
    [{ resources: ["*/*", "pods"] }, "resources: if '*/*' is present, must not specify other resources"],
    [{ resources: ["*", "pods"] }, "resources: if '*' is present, must not specify other resources without subresources"],
    [{ resources: ["pods/*", "pods/status"] }, "resources: if 'pods/*' is present, must not specify pods/status"],
    [{ resources: ["*/status", "pods/status"] }, "resources: if '*/status' is present, must not specify pods/status"],
    [{ apiGroups: ["", "*"] }, "apiGroups: if '*' is present, must not specify other API groups"],
    [{ apiVersions: ["*", "v1"] }, "apiVersions: if '*' is present, must not specify other API versions"],
  ])("refuses %j", (over, problem) => expect(webhookRuleProblem(rule(over))).toBe(problem));

  it.each([[["*"]], [["*/*"]], [["*", "pods/status"]], [["pods", "pods/*"]], [["*/status", "deployments/scale"]],
    // Kubernetes only looks at the last resource without a subresource, so this one passes.
    [["pods", "*"]],
  ])("accepts %j", (resources) => expect(webhookRuleProblem(rule({ resources }))).toBeUndefined());

  it("refuses to write a manifest whose webhook the API server would refuse", () => {
    const metadata = { rules: [rule({ resources: ["*/*", "pods"] })], mutating: false } as PolicyMetadata;
    expect(() => checkControllerRules(metadata, { kind: "ClusterAdmissionPolicy", name: "p", module: "registry://r/p:v1", settings: {}, mode: "protect", policyServer: "default" })).toThrow(
      "p has a rule the API server refuses in a webhook (resources: if '*/*' is present, must not specify other resources), so the policy would never see a request");
  });
});
