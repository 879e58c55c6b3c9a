// Cluster policies, each with one rule and at most one match condition, drawn from one seed
// so that some are valid webhooks and some are refused by the API server's validation: the
// candidates the webhook validation differential (test/policyset/matching-differential.test.ts)
// registers with a dry run and loads with wardenkit.
import fc from "fast-check";
import type { PolicyObject } from "../../src/manifests/policy-documents.ts";
import { POLICY_MODULE, POLICY_SETTINGS } from "./matching-scenario.ts";

/** Rules and conditions both allowed and refused by the API server's webhook validation. */
const CANDIDATE_RESOURCES = ["pods", "configmaps", "*", "*/*", "pods/*", "pods/status", "*/status", "deployments/scale"];
const VALID_CONDITIONS = [
  undefined, "object.metadata.name == 'x'", "has(object.metadata.labels)", "request.dryRun", "[1, 2].all(x, x > 0)", "[1].exists_one(x, x == 1)",
  "!has(object.spec)", "'a' in ['a']", "true ? request.dryRun : false", "object.metadata.name.startsWith('a')",
];
const REFUSED_CONDITIONS = ["object.metadata.name", "size(object.metadata.name)", "[1, 2].map(x, x)", "object.metadata.labels['a']", "true ? object.a : false", "dyn(true)", "1"];

/** Cluster policies each with one rule and at most one condition, some of which the API server refuses to register. */
export function generateWebhookCandidates(seed: number, count: number): PolicyObject[] {
  const candidateArb = fc.record({
    apiGroups: fc.constantFrom([""], ["apps"], ["*"], [""], ["", "*"]),
    apiVersions: fc.constantFrom(["v1"], ["*"], ["v1"], ["v1", "*"]),
    resources: fc.shuffledSubarray(CANDIDATE_RESOURCES, { minLength: 1, maxLength: 2 }),
    condition: fc.oneof(fc.constantFrom(...VALID_CONDITIONS), fc.constantFrom(...REFUSED_CONDITIONS)),
  });
  const [drawn] = fc.sample(fc.array(candidateArb, { minLength: count, maxLength: count }), { seed, numRuns: 1 });
  return drawn.map(({ condition, ...rule }, i) => ({
    apiVersion: "policies.kubewarden.io/v1",
    kind: "ClusterAdmissionPolicy",
    metadata: { name: `candidate-${i}` },
    spec: {
      module: POLICY_MODULE, settings: POLICY_SETTINGS, mutating: false,
      rules: [{ ...rule, operations: ["CREATE"] }],
      ...(condition ? { matchConditions: [{ name: "c", expression: condition }] } : {}),
    },
  }));
}
