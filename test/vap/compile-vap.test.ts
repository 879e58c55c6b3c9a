// compileVap end to end: messages, reasons, failurePolicy, variables and params
// through built modules, and the constructs it refuses, named by path.
import { beforeAll, describe, expect, it } from "vitest";
import { compileVap, VapCompileError } from "../../src/vap/compile-vap.ts";
import { buildVap, requestFor, type BuiltVap } from "../support/vap-modules.ts";
import { ClusterState } from "../../src/host/capabilities/cluster-state.ts";

const vapOf = (spec: object, name = "demo") => ({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: { name }, spec });
const deployment = (replicas: number, labels: Record<string, string> = {}, namespace = "prod") => ({ metadata: { name: "web", namespace, labels }, spec: { replicas } });

describe("a required-labels ValidatingAdmissionPolicy", () => {
  let policy: BuiltVap;
  beforeAll(async () => {
    policy = await buildVap({
      vap: vapOf({
        matchConstraints: { resourceRules: [{ apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments"], operations: ["CREATE", "UPDATE"] }] },
        validations: [{ expression: "has(object.metadata.labels) && 'app' in object.metadata.labels", message: "the app label is required" }],
      }, "required-labels"),
    }, "required-labels");
  });

  it("allows an object with the label and denies one without, with the validation's message and Invalid's code", () => {
    expect(policy.evaluator.validate(requestFor("CREATE", deployment(1, { app: "web" }))).admission.allowed).toBe(true);
    expect(policy.evaluator.validate(requestFor("CREATE", deployment(1))).admission.status).toEqual({ message: "the app label is required", code: 422 });
  });

  it("is an ordinary policy folder whose rules come from matchConstraints", () => {
    expect(Object.keys(policy.files).sort()).toEqual(["README.md", "assembly/index.ts", "assembly/settings.ts", "assembly/validate.ts", "metadata.yml", "settings.yml"]);
    expect(policy.files["metadata.yml"]).toContain("deployments");
    expect(policy.files["assembly/validate.ts"]).toContain("// spec.validations[0].expression: has(object.metadata.labels)");
  });

  it("stays small", () => {
    expect(policy.built.size).toBeLessThanOrEqual(64 * 1024);
  });
});

describe("messages, reasons, failurePolicy, variables and params", () => {
  let policy: BuiltVap;
  let ignoring: BuiltVap;
  const spec = {
    paramKind: { apiVersion: "v1", kind: "ConfigMap" },
    variables: [
      { name: "isProd", expression: "object.metadata.namespace == 'prod'" },
      { name: "limit", expression: "params.maxReplicas" },
    ],
    validations: [
      { expression: "!variables.isProd || object.spec.replicas >= 2", messageExpression: "'production needs 2 replicas, not ' + object.metadata.name", reason: "Forbidden" },
      { expression: "object.spec.replicas <= variables.limit", messageExpression: "object.metadata.missing + ' replicas'", message: "  too many replicas  " },
      { expression: "object.spec.replicas != 7", messageExpression: "'   '" },
      { expression: "object.metadata.name != 'forbidden'" },
    ],
  };
  beforeAll(async () => {
    policy = await buildVap({ vap: vapOf(spec), params: { maxReplicas: 5 } });
    ignoring = await buildVap({ vap: vapOf({ ...spec, failurePolicy: "Ignore" }) });
  });

  const settings = { params: { maxReplicas: 5 } };
  const status = (p: BuiltVap, object: unknown, s: unknown = settings) => p.evaluator.validate(requestFor("CREATE", object), s).admission.status;

  it("uses messageExpression, and the reason's code", () => {
    expect(status(policy, deployment(1))).toEqual({ message: "production needs 2 replicas, not web", code: 403 });
  });

  it("falls back to the trimmed message when messageExpression errs, and to 'failed expression' without one", () => {
    expect(status(policy, deployment(6))).toEqual({ message: "too many replicas", code: 422 });
    expect(status(policy, deployment(7), { params: { maxReplicas: 10 } })).toEqual({ message: "failed expression: object.spec.replicas != 7", code: 422 });
    expect(status(policy, { ...deployment(2), metadata: { name: "forbidden", namespace: "prod" } })).toEqual({ message: "failed expression: object.metadata.name != 'forbidden'", code: 422 });
  });

  it("reads variables and params, and denies an error under failurePolicy Fail but not under Ignore", () => {
    expect(policy.evaluator.validate(requestFor("CREATE", deployment(3)), settings).admission.allowed).toBe(true);
    expect(status(policy, deployment(3), {})).toEqual({ message: "expression 'object.spec.replicas <= variables.limit' resulted in error: no such key: maxReplicas", code: 422 });
    expect(ignoring.evaluator.validate(requestFor("CREATE", deployment(3)), {}).admission.allowed).toBe(true);
  });

  it("writes the params into settings.yml, and validate_settings refuses params that are not an object", () => {
    expect(policy.files["settings.yml"]).toContain("maxReplicas: 5");
    expect(policy.evaluator.validateSettings(settings).valid).toBe(true);
    expect(policy.evaluator.validateSettings({ params: 3 }).valid).toBe(false);
  });
});

describe("audit annotations", () => {
  let policy: BuiltVap;
  beforeAll(async () => {
    policy = await buildVap({
      vap: vapOf({
        validations: [{ expression: "object.spec.replicas < 10", message: "too many" }],
        auditAnnotations: [
          { key: "team", valueExpression: "'  team: ' + object.metadata.labels.team + ' '" },
          { key: "empty", valueExpression: "has(object.metadata.labels.team) ? '' : '   '" },
          { key: "missing", valueExpression: "'' + object.metadata.labels.owner" },
        ],
      }),
    });
  });

  const answer = (object: unknown) => policy.evaluator.validate(requestFor("CREATE", object)).admission;

  it("publishes trimmed, non-empty values, on an allowed request and on a denied one", () => {
    const allowed = answer({ metadata: { name: "web", labels: { team: "shop", owner: "x" } }, spec: { replicas: 1 } });
    expect(allowed.allowed).toBe(true);
    expect(allowed.auditAnnotations).toEqual({ team: "team: shop", missing: "x" });
    const denied = answer({ metadata: { name: "web", labels: { team: "shop", owner: "x" } }, spec: { replicas: 11 } });
    expect(denied.status).toEqual({ message: "too many", code: 422 });
    expect(denied.auditAnnotations).toEqual({ team: "team: shop", missing: "x" });
  });

  it("denies with the valueExpression's error under failurePolicy Fail when no validation denied", () => {
    const answerWithoutOwner = answer({ metadata: { name: "web", labels: { team: "shop" } }, spec: { replicas: 1 } });
    expect(answerWithoutOwner.status).toEqual({ message: "expression ''' + object.metadata.labels.owner' resulted in error: no such key: owner", code: 422 });
    expect(answerWithoutOwner.auditAnnotations).toEqual({ team: "team: shop" });
  });

  it("refuses a valueExpression that is neither a string nor null", () => {
    expect(() => compileVap({ vap: vapOf({ validations: [{ expression: "true" }], auditAnnotations: [{ key: "n", valueExpression: "object.spec.replicas" }] }) }, { name: "p" }))
      .toThrow('spec.auditAnnotations[0].valueExpression "object.spec.replicas": must evaluate to one of [string null_type] but got dyn');
  });
});

describe("namespaceObject", () => {
  let policy: BuiltVap;
  beforeAll(async () => {
    policy = await buildVap({
      vap: vapOf({
        validations: [
          { expression: "namespaceObject == null || namespaceObject.metadata.labels['env'] != 'prod' || object.spec.replicas >= 2", message: "prod needs 2 replicas" },
          { expression: "namespaceObject == null || !has(namespaceObject.metadata.generation)", message: "generation is left out when zero" },
        ],
      }),
    });
  });

  const cluster = new ClusterState([
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "prod", uid: "u1", labels: { env: "prod" } }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev", uid: "u2", labels: { env: "dev" } } },
  ]);
  const capabilities = { kubernetes: cluster, contextAwareResources: [{ apiVersion: "v1", kind: "Namespace" }] };
  const answer = (object: unknown, extra = {}) => policy.evaluator.validate(requestFor("CREATE", object, null, extra), {}, capabilities).admission;

  it("reads the request's namespace through the kubernetes capability, and asks for it in metadata.yml", () => {
    expect(answer(deployment(1, {}, "prod")).status).toEqual({ message: "prod needs 2 replicas", code: 422 });
    expect(answer(deployment(2, {}, "prod")).allowed).toBe(true);
    expect(answer(deployment(1, {}, "dev")).allowed).toBe(true);
    expect(policy.files["metadata.yml"]).toContain("kind: Namespace");
  });

  it("is null for a cluster-scoped request", () => {
    expect(answer({ metadata: { name: "x" }, spec: { replicas: 1 } }).allowed).toBe(true);
  });
});

describe("refusals", () => {
  const refusal = (expression: string, extra: object = {}) => {
    try {
      compileVap({ vap: vapOf({ validations: [{ expression: "true" }, { expression, ...extra }] }) }, { name: "p" });
    } catch (err) {
      expect(err).toBeInstanceOf(VapCompileError);
      return (err as Error).message;
    }
    throw new Error(`${expression} compiled`);
  };

  it.each([
    ["object.metadata.name.matches('^a')", "matches(): regular expressions (RE2) are not implemented"],
    ["1 + 'a' == 2", "found no matching overload for '_+_' applied to '(int, string)'"],
    ["object.spec.replicas", "must evaluate to bool but got dyn"],
    ["object.spec.ratio % 2.0 == 0.0", "found no matching overload for '_%_' applied to '(dyn, double)'"],
    ["'a'.startsWith(1)", "found no matching overload for 'startsWith' applied to an argument of type int"],
    ["object.metadata.name + 1 == 'x'", "found no matching overload for '_==_' applied to '(int, string)'"],
    ["'a' in [1, 2]", "found no matching overload for '@in' applied to '(string, list(int))'"],
    ["[1, 2]['a'] == 1", "found no matching overload for '_[_]' applied to '(list(int), string)'"],
    ["sets.contains([1], [1.0])", "found no matching overload for 'sets.contains' applied to '(list(int), list(double))'"],
    ["[1] < [2]", "found no matching overload for '_<_' applied to '(list(int), list(int))'"],
    ["{'a': 1}.size() == 1", "map literals ({…}) are not implemented"],
    ["namespaceObject.metadata.creationTimestamp == null", "creationTimestamp: timestamps are not implemented"],
    ["namespaceObject.metadata.uid == 'x'", "undefined field 'uid' of kubernetes.NamespaceMetadata"],
    ["object.spec.replicas == 1u", "uint literals are not implemented"],
    ["quantity('1Gi').isGreaterThan(quantity('1Mi'))", "quantity(): the quantity library is not implemented"],
    ["request.object == null", "undefined field 'object' of kubernetes.AdmissionRequest"],
    ["variables.nope", "undeclared reference to 'variables.nope'"],
    ["params.max == 1", "undeclared reference to 'params' (the policy has no spec.paramKind)"],
    ["['a'].sum() == 'a'", "found no matching overload for 'sum' applied to 'list(string)'"],
    ["object.metadata.name ==", "does not parse"],
    ["string(object.spec.replicas) == '1'", "string() of a dyn: only values known to be int, string or bool are implemented"],
  ])("%s", (expression, construct) => {
    const message = refusal(expression);
    expect(message).toContain(`spec.validations[1].expression ${JSON.stringify(expression)}`);
    expect(message).toContain(construct);
  });

  it("refuses an expression nested too deeply to parse, without a trace", () => {
    const deep = `${"(".repeat(3000)}true${")".repeat(3000)}`;
    expect(refusal(deep)).toMatch(/: does not parse: .+$/);
  });

  it("refuses a message with a line break and a parameter object that is not an object, naming the field", () => {
    expect(() => compileVap({ vap: vapOf({ validations: [{ expression: "true", message: "two\nlines" }] }) }, { name: "p" })).toThrow("spec.validations[0].message: must not contain line breaks");
    expect(() => compileVap({ vap: vapOf({ validations: [{ expression: "true" }] }), params: [] as unknown as object }, { name: "p" })).toThrow("params: the parameter object must be an object");
  });

  it("names a messageExpression that is not a string", () => {
    expect(refusal("true", { messageExpression: "object.spec.replicas > 1" })).toContain("spec.validations[1].messageExpression \"object.spec.replicas > 1\": must evaluate to string but got bool");
  });
});
