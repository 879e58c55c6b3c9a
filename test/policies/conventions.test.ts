// The conventions of docs/sdk.md, checked the same way in every policy: an
// operation a policy does not review is accepted untouched, a wrong-typed
// field is a 400 naming its path, and null reads as absent.
import { beforeAll, describe, expect, it } from "vitest";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { ClusterState } from "../../src/host/capabilities/cluster-state.ts";
import { wrapObject, type WrapOptions } from "../../src/host/wrap-object.ts";
import { loadBuiltPolicy, POLICY_NAMES } from "../support/policies.ts";

interface Conventions {
  settings: unknown;
  /** An object the policy rejects, so that accepting it proves the policy was not asked. */
  rejected: Record<string, unknown>;
  unreviewed: WrapOptions["operation"][];
  wrongType: { object: Record<string, unknown>; message: RegExp };
  nullIsAbsent: { object: Record<string, unknown>; message: RegExp };
  nullSetting: unknown;
}

const pod = (spec: Record<string, unknown>, labels: Record<string, unknown> = {}) => ({
  apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop", labels }, spec,
});
const claim = (size: unknown) => ({
  apiVersion: "devopstoolkitseries.com/v1alpha1", kind: "SQLClaim", metadata: { name: "db", namespace: "shop" }, spec: { parameters: { size } },
});

const CONVENTIONS: Record<string, Conventions> = {
  "required-labels": {
    settings: { requiredLabels: ["owner"] },
    rejected: pod({ containers: [] }),
    unreviewed: ["DELETE", "CONNECT"],
    wrongType: { object: pod({}, "owner" as never), message: /^Pod shop\/web: metadata\.labels must be an object, not string "owner"$/ },
    nullIsAbsent: { object: pod({}, { owner: null }), message: /^Pod shop\/web is missing required labels owner$/ },
    nullSetting: { requiredLabels: null },
  },
  "sql-claim-size": {
    settings: { allowedSizes: ["small"] },
    rejected: claim("huge"),
    unreviewed: ["DELETE", "CONNECT"],
    wrongType: { object: claim(3), message: /^SQLClaim shop\/db: spec\.parameters\.size must be a string, not number 3$/ },
    nullIsAbsent: { object: claim(null), message: /^SQLClaim shop\/db has no size at spec\.parameters\.size; allowed sizes: small$/ },
    nullSetting: { allowedSizes: ["small"], sizePath: null },
  },
  "run-as-non-root": {
    settings: {},
    rejected: pod({ containers: [{ name: "app", image: "app" }] }),
    unreviewed: ["DELETE", "CONNECT"],
    wrongType: {
      object: pod({ containers: [{ name: "app", image: "app", securityContext: { runAsUser: "0" } }] }),
      message: /^Pod shop\/web: spec\.containers\[0\]\.securityContext\.runAsUser must be a whole number, not string "0"$/,
    },
    nullIsAbsent: {
      object: pod({ containers: [{ name: "app", image: "app", securityContext: { runAsNonRoot: null } }] }),
      message: /^Pod shop\/web: container app does not set runAsNonRoot$/,
    },
    nullSetting: { allowedCapabilities: null },
  },
  "pod-density": {
    settings: { maxPodsPerNamespace: 1 },
    rejected: pod({ containers: [] }),
    unreviewed: ["UPDATE", "DELETE", "CONNECT"],
    wrongType: { object: pod({ nodeName: 7, containers: [] }), message: /^Pod shop\/web: spec\.nodeName must be a node name, not number 7$/ },
    nullIsAbsent: { object: pod({ nodeName: null, containers: [] }), message: /^Pod shop\/web cannot be created: namespace shop already has 1 pods/ },
    nullSetting: { maxPodsPerNamespace: 1, instanceTypes: null },
  },
  "trusted-images": {
    settings: { allowedRegistries: ["docker.io"] },
    rejected: pod({ containers: [{ name: "app", image: "app" }] }),
    unreviewed: ["DELETE", "CONNECT"],
    wrongType: { object: pod({ containers: [{ name: "app", image: 5 }] }), message: /^Pod shop\/web: spec\.containers\[0\]\.image must be an image reference, not number 5$/ },
    nullIsAbsent: {
      object: pod({ initContainers: null, containers: [{ name: "app", image: "app:latest" }] }),
      message: /^Pod shop\/web: container app: image "app:latest" uses the latest tag; name a version or a digest$/,
    },
    nullSetting: { allowedRegistries: ["docker.io"], verifySignatures: null },
  },
};

/** One pod already in namespace shop, for pod-density's namespace limit. */
const CLUSTER = new ClusterState([{ apiVersion: "v1", kind: "Pod", metadata: { name: "old", namespace: "shop" }, status: { phase: "Running" } }]);

describe.each(POLICY_NAMES)("%s follows the conventions", (name) => {
  const c = CONVENTIONS[name];
  let policy: PolicyEvaluator;
  beforeAll(async () => {
    policy = new PolicyEvaluator(await loadBuiltPolicy(name));
  });
  const validate = (object: unknown, options: WrapOptions = {}) =>
    policy.validate(wrapObject(object, options), c.settings, { kubernetes: CLUSTER }).admission;

  it("has its conventions listed here", () => {
    expect(c, `add ${name} to CONVENTIONS`).toBeDefined();
  });

  it("rejects the reference object when it reviews the operation", () => {
    expect(validate(c.rejected).allowed).toBe(false);
  });

  it("accepts the operations it does not review without deciding", () => {
    for (const operation of c.unreviewed) {
      const options: WrapOptions = { operation, oldObject: operation === "UPDATE" ? c.rejected : undefined };
      expect(validate(c.rejected, options), operation).toEqual(expect.objectContaining({ allowed: true }));
    }
  });

  it("answers a field of the wrong type with a 400 naming its path", () => {
    const answer = validate(c.wrongType.object);
    expect(answer.allowed).toBe(false);
    expect(answer.status?.code).toBe(400);
    expect(answer.status?.message).toMatch(c.wrongType.message);
  });

  it("reads a null field as absent", () => {
    expect(validate(c.nullIsAbsent.object).status?.message).toMatch(c.nullIsAbsent.message);
  });

  it("reads a null setting as unset, and refuses an unknown one naming the known ones", () => {
    expect(policy.validateSettings(c.nullSetting)).toEqual({ valid: true });
    const unknown = policy.validateSettings({ ...(c.settings as object), colour: "blue" });
    expect(unknown.valid).toBe(false);
    expect(unknown.message).toMatch(/^unknown setting 'colour'; known settings: \w+/);
  });

  it("rejects a request whose settings are invalid with a 400", () => {
    const answer = policy.validate(wrapObject(c.rejected), { colour: 7, requiredLabels: 7, allowedSizes: 7, maxPodsPerNode: "x", mutate: "x", allowedRegistries: 7 });
    expect(answer.admission.allowed).toBe(false);
    expect(answer.admission.status?.code).toBe(400);
    expect(answer.admission.status?.message).toMatch(/^invalid settings: /);
  });
});
