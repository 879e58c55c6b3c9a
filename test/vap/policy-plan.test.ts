// From VAP and binding to the plan of a Kubewarden policy: reading and pairing (with the
// refusals of bad input), rules intersected, selectors joined, excluded rules as match
// conditions (evaluated by the same CEL `check` uses), kind, mode and failure policy, and the
// manifest checked against the CRD schema.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { compileConditions, conditionVariables, evaluateConditions } from "../../src/policyset/match-conditions.ts";
import { requestFor } from "../../src/policyset/requests.ts";
import { bindVaps } from "../../src/vap/bind-vaps.ts";
import { planPolicy } from "../../src/vap/policy-plan.ts";
import { readVapInputs } from "../../src/vap/read-vaps.ts";
import { planManifest } from "../../src/vap/vap-policy.ts";
import type { PolicyMetadata } from "../../src/wasm/policy-metadata.ts";

const dir = mkdtempSync(join(tmpdir(), "wardenkit-vap-plan-"));
let files = 0;

/** Writes documents to a file of their own and returns its path. */
function file(...docs: unknown[]): string {
  const path = join(dir, `input-${++files}.yaml`);
  writeFileSync(path, docs.map((d) => (typeof d === "string" ? d : stringify(d))).join("---\n"));
  return path;
}

const DEPLOYMENTS = { apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments"], operations: ["CREATE", "UPDATE"] };

function vap(spec: Record<string, unknown> = {}, name = "limits") {
  return {
    apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: { name },
    spec: { matchConstraints: { resourceRules: [DEPLOYMENTS] }, validations: [{ expression: "object.spec.replicas <= 5" }], ...spec },
  };
}

function binding(spec: Record<string, unknown> = {}, name = "limits-binding") {
  return { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name }, spec: { policyName: "limits", validationActions: ["Deny"], ...spec } };
}

const configMap = (name: string, namespace = "policies") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data: { max: "5" } });

function plan(...docs: unknown[]) {
  const [bound] = bindVaps(readVapInputs([file(...docs)]));
  return planPolicy(bound);
}

const METADATA = (rules: PolicyMetadata["rules"]): PolicyMetadata => ({
  protocolVersion: "v1", rules, mutating: false, backgroundAudit: true, executionMode: "kubewarden-wapc", policyType: "kubernetes", contextAwareResources: [],
} as PolicyMetadata);

describe("reading and pairing", () => {
  it("refuses a VAP that does not parse, naming the file", () => {
    expect(() => readVapInputs([file("kind: ValidatingAdmissionPolicy\nspec: [unclosed\n")])).toThrow(/input-\d+\.yaml/);
  });

  it("refuses a VAP without matchConstraints or validations", () => {
    expect(() => readVapInputs([file(vap({ matchConstraints: undefined }))])).toThrow(/spec.matchConstraints.resourceRules is required/);
    expect(() => readVapInputs([file(vap({ validations: [] }))])).toThrow(/spec.validations or spec.auditAnnotations must have at least one item/);
  });

  it("refuses a binding that names another policy, and one with Deny and Warn", () => {
    expect(() => bindVaps(readVapInputs([file(vap(), binding({ policyName: "other" }))]))).toThrow(/spec.policyName other is not a ValidatingAdmissionPolicy given here \(given: limits\)/);
    expect(() => readVapInputs([file(binding({ validationActions: ["Deny", "Warn"] }))])).toThrow(/may not hold both Deny and Warn/);
  });

  it("gives a policy with a paramKind the object its binding's paramRef names", () => {
    const withParams = vap({ paramKind: { apiVersion: "v1", kind: "ConfigMap" } });
    const ref = { name: "limits", namespace: "policies", parameterNotFoundAction: "Deny" };
    const [bound] = bindVaps(readVapInputs([file(withParams, binding({ paramRef: ref }))]), readVapInputs([file(configMap("limits"))]).others);
    expect(bound.params).toEqual(configMap("limits"));
    expect(planPolicy(bound).settings).toEqual({ params: configMap("limits") });
  });

  it("refuses a missing paramRef, a parameter object of the wrong kind, a missing one, a selector and a per-request namespace", () => {
    const withParams = vap({ paramKind: { apiVersion: "v1", kind: "ConfigMap" } });
    const bind = (paramRef: unknown, ...params: unknown[]) => () => bindVaps(readVapInputs([file(withParams, binding(paramRef ? { paramRef: { parameterNotFoundAction: "Deny", ...paramRef } } : {}))]), params.length ? readVapInputs([file(...params)]).others : []);
    expect(bind(undefined)).toThrow(/spec.paramRef is missing, and ValidatingAdmissionPolicy limits has paramKind v1 ConfigMap/);
    expect(bind({ name: "limits", namespace: "policies" }, { apiVersion: "v1", kind: "Secret", metadata: { name: "limits", namespace: "policies" } }))
      .toThrow(/the parameter object is v1 Secret policies\/limits, but ValidatingAdmissionPolicy limits takes paramKind v1 ConfigMap/);
    expect(bind({ name: "limits", namespace: "policies" })).toThrow(/no parameter object v1 ConfigMap policies\/limits was given: add it with --params/);
    expect(bind({ selector: { matchLabels: { a: "b" } } }, configMap("limits"))).toThrow(/paramRef.selector/);
    expect(bind({ name: "limits" }, configMap("limits"))).toThrow(/paramRef.namespace is not set/);
    expect(() => bindVaps(readVapInputs([file(withParams)]))).toThrow(/needs a binding with a paramRef/);
    expect(() => readVapInputs([file(binding({ paramRef: { name: "limits" } }))])).toThrow(/parameterNotFoundAction is required/);
  });

  it("names a policy after its VAP, or after each binding when several bind it", () => {
    expect(bindVaps(readVapInputs([file(vap({}, "limits"), binding())])).map((b) => b.name)).toEqual(["limits"]);
    const two = bindVaps(readVapInputs([file(vap(), binding({}, "team-a.limits"), binding({}, "team-b.limits"))]));
    expect(two.map((b) => b.name)).toEqual(["team-a-limits", "team-b-limits"]);
  });
});

describe("the policy's rules, selectors and conditions", () => {
  it("intersects the VAP's rules with the binding's, as the API server applies both", () => {
    const rules = [{ apiGroups: ["*"], apiVersions: ["*"], resources: ["*/*"], operations: ["CREATE"] }];
    expect(plan(vap(), binding({ matchResources: { resourceRules: rules } })).rules).toEqual([{ ...DEPLOYMENTS, operations: ["CREATE"] }]);
    const scale = [{ apiGroups: ["apps"], apiVersions: ["v1"], resources: ["*/scale"], operations: ["*"] }];
    const subresources = vap({ matchConstraints: { resourceRules: [{ ...DEPLOYMENTS, resources: ["deployments/*"] }] } });
    expect(plan(subresources, binding({ matchResources: { resourceRules: scale } })).rules[0].resources).toEqual(["deployments/scale"]);
    expect(plan(vap(), binding()).rules).toEqual([DEPLOYMENTS]);
  });

  it("refuses a binding whose rules share no request with its policy's, and resourceNames", () => {
    const pods = [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"] }];
    expect(() => plan(vap(), binding({ matchResources: { resourceRules: pods } }))).toThrow(/have no request in common/);
    expect(() => plan(vap({ matchConstraints: { resourceRules: [{ ...DEPLOYMENTS, resourceNames: ["web"] }] } }), binding())).toThrow(/resourceNames: a Kubewarden policy's rules cannot name objects/);
  });

  it("turns excluded rules into match conditions that skip exactly those requests", () => {
    const excluded = { apiGroups: ["apps"], apiVersions: ["*"], resources: ["deployments"], operations: ["UPDATE"] };
    const planned = plan(vap({ matchConstraints: { resourceRules: [DEPLOYMENTS], excludeResourceRules: [excluded] } }), binding());
    const conditions = compileConditions(planned.matchConditions, "test");
    const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop" }, spec: { replicas: 1 } };
    const outcome = (operation: "CREATE" | "UPDATE") => evaluateConditions(conditions, () => conditionVariables(requestFor(deployment, { operation, oldObject: operation === "UPDATE" ? deployment : undefined })), "Fail");
    expect(outcome("CREATE")).toEqual({ matches: true });
    expect(outcome("UPDATE")).toMatchObject({ matches: false });
    expect(() => plan(vap({ matchConstraints: { resourceRules: [DEPLOYMENTS], excludeResourceRules: [{ ...excluded, scope: "Namespaced" }] } }), binding())).toThrow(/excludeResourceRules\[0\].scope Namespaced/);
  });

  it("joins both namespace selectors, as matchExpressions, and keeps the VAP's own match conditions", () => {
    const planned = plan(
      vap({ matchConstraints: { resourceRules: [DEPLOYMENTS], namespaceSelector: { matchLabels: { env: "prod" } } }, matchConditions: [{ name: "not-system", expression: "request.namespace != 'kube-system'" }] }),
      binding({ matchResources: { namespaceSelector: { matchExpressions: [{ key: "team", operator: "Exists" }] }, objectSelector: { matchLabels: { app: "web" } } } }),
    );
    expect(planned.kind).toBe("ClusterAdmissionPolicy");
    expect(planned.namespaceSelector).toEqual({ matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }, { key: "team", operator: "Exists" }] });
    expect(planned.objectSelector).toEqual({ matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] });
    expect(planned.matchConditions).toEqual([{ name: "not-system", expression: "request.namespace != 'kube-system'" }]);
    expect(() => plan(vap({ matchConditions: [{ name: "p", expression: "params.data.on == 'true'" }] }), binding())).toThrow(/reads params/);
  });

  it("is an AdmissionPolicy when the binding pins one namespace and every rule is namespaced", () => {
    const pinned = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } } };
    const namespaced = vap({ matchConstraints: { resourceRules: [{ ...DEPLOYMENTS, scope: "Namespaced" }] } });
    const planned = plan(namespaced, binding({ matchResources: pinned }));
    expect(planned).toMatchObject({ kind: "AdmissionPolicy", namespace: "shop", rules: [DEPLOYMENTS] });
    expect(planned.namespaceSelector).toBeUndefined();
    // Without scope the rules also match cluster-wide kinds, which no AdmissionPolicy sees.
    expect(plan(vap(), binding({ matchResources: pinned })).kind).toBe("ClusterAdmissionPolicy");
  });
});

describe("mode, failure policy and manifest", () => {
  it("denies in protect mode and only reports in monitor mode", () => {
    expect(plan(vap(), binding()).mode).toBe("protect");
    expect(plan(vap(), binding({ validationActions: ["Deny", "Audit"] })).mode).toBe("protect");
    expect(plan(vap(), binding({ validationActions: ["Warn"] }))).toMatchObject({ mode: "monitor", notes: [expect.stringMatching(/mode monitor/)] });
    expect(plan(vap(), binding({ validationActions: ["Warn", "Audit"] })).mode).toBe("monitor");
    expect(plan(vap()).notes).toEqual([expect.stringMatching(/no binding was given/)]);
  });

  it("keeps the VAP's failurePolicy, Fail by default", () => {
    expect(plan(vap(), binding()).failurePolicy).toBe("Fail");
    expect(plan(vap({ failurePolicy: "Ignore" }), binding()).failurePolicy).toBe("Ignore");
  });

  it("writes a manifest the CRD schema accepts, with selectors, conditions and settings", () => {
    const planned = plan(
      vap({ matchConstraints: { resourceRules: [DEPLOYMENTS], excludeResourceRules: [{ ...DEPLOYMENTS, operations: ["UPDATE"] }] } }),
      binding({ matchResources: { objectSelector: { matchLabels: { app: "web" } } } }),
    );
    const manifest = planManifest(planned, METADATA(planned.rules), "registry://ghcr.io/acme/limits:v1.0.0");
    expect(manifest).toMatchObject({
      kind: "ClusterAdmissionPolicy", metadata: { name: "limits" },
      spec: { mode: "protect", failurePolicy: "Fail", rules: [DEPLOYMENTS], objectSelector: planned.objectSelector, matchConditions: planned.matchConditions, matchPolicy: "Equivalent", settings: {} },
    });
  });
});
