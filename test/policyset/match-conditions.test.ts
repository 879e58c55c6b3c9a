// matchConditions in CEL (@bufbuild/cel): evaluated over object, oldObject and request,
// with the API server's rules for false conditions, errors and failurePolicy.
import { describe, expect, it } from "vitest";
import { compileConditions, conditionRefusal, conditionVariables, evaluateConditions } from "../../src/policyset/match-conditions.ts";
import { requestFor } from "../../src/policyset/requests.ts";
import { SuiteError } from "../../src/policyset/suite-error.ts";

const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop", labels: { app: "web" } }, spec: { replicas: 3 } };
const request = requestFor(deployment, { userInfo: { username: "alice", groups: ["devs", "system:authenticated"] } });

function outcome(expressions: string[], failurePolicy: "Fail" | "Ignore" = "Fail", r = request) {
  const conditions = compileConditions(expressions.map((expression, i) => ({ name: `c${i + 1}`, expression })), "set.yaml: ClusterAdmissionPolicy p");
  return evaluateConditions(conditions, () => conditionVariables(r), failurePolicy);
}

describe("matchConditions", () => {
  it.each([
    "object.metadata.name == 'web'",
    "object.spec.replicas > 2 && object.spec.replicas <= 3",
    "has(object.metadata.labels) && object.metadata.labels['app'] == 'web'",
    "!has(object.metadata.annotations)",
    "request.operation == 'CREATE' && request.namespace == 'shop'",
    "request.userInfo.groups.exists(g, g == 'devs')",
    "request.userInfo.username.startsWith('al') && request.userInfo.username.matches('^a.*e$')",
    "object.metadata.name.upperAscii() == 'WEB' && 'a,b'.split(',').size() == 2",
    "oldObject == null",
    "type(object.metadata.name) == string && object.metadata.labels.all(k, k != '')",
    "request.kind.group == 'apps' && request.resource.resource == 'deployments'",
  ])("true: %s", (expression) => expect(outcome([expression])).toEqual({ matches: true }));

  it("skips the policy when a condition is false, naming it", () => {
    expect(outcome(["true", "object.spec.replicas > 5"])).toEqual({ matches: false, reason: "matchCondition 'c2' is false" });
  });

  it("lets a false condition win over an error, as the API server does", () => {
    expect(outcome(["object.spec.missing == 1", "false"])).toEqual({ matches: false, reason: "matchCondition 'c2' is false" });
  });

  it("fails the request on an error under failurePolicy Fail, naming each failing expression as the API server does", () => {
    expect(outcome(["object.spec.missing == 1"])).toEqual({ error: "expression 'object.spec.missing == 1' resulted in error: field not found: missing" });
    expect(outcome(["object.spec.missing == 1", "true", "object.spec.gone > 0"])).toEqual({
      error: "[expression 'object.spec.missing == 1' resulted in error: field not found: missing, expression 'object.spec.gone > 0' resulted in error: field not found: gone]",
    });
  });

  it("answers a refusal as the API server's Forbidden on the request's resource", () => {
    expect(conditionRefusal(request, "expression 'x' resulted in error: e")).toBe(`deployments.apps "web" is forbidden: expression 'x' resulted in error: e`);
    expect(conditionRefusal(requestFor({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "shop" } }), "e")).toBe(`pods "p" is forbidden: e`);
  });

  it("skips the policy on an error under failurePolicy Ignore", () => {
    expect(outcome(["object.spec.missing == 1"], "Ignore")).toEqual({
      matches: false,
      reason: "failurePolicy Ignore skips the policy when matchConditions fail: expression 'object.spec.missing == 1' resulted in error: field not found: missing",
    });
  });

  it.each([
    "object.metadata.name", "size(object.metadata.name)", "[1, 2].map(x, x)", "object.metadata.labels['a']", "true ? object.a : false", "dyn(true)", "1",
  ])("refuses a condition that is not a bool before it runs, as the API server does: %s", (expression) => {
    expect(() => compileConditions([{ name: "c", expression }], "set.yaml: ClusterAdmissionPolicy p")).toThrow(
      "set.yaml: ClusterAdmissionPolicy p: matchCondition 'c' must evaluate to bool, and the API server refuses a webhook whose condition may not");
  });

  it.each(["request.dryRun", "[1].exists_one(x, x == 1)", "[1, 2].all(x, x > 0)", "true ? request.dryRun : false", "has(object.spec)", "'a' in ['a']"])(
    "knows a bool without running it: %s", (expression) => expect(compileConditions([{ name: "c", expression }], "set.yaml")).toHaveLength(1));

  it("sees a DELETE's object as null and the deleted object as oldObject", () => {
    const deletion = requestFor(deployment, { operation: "DELETE" });
    expect(outcome(["object == null && oldObject.metadata.name == 'web'"], "Fail", deletion)).toEqual({ matches: true });
  });

  it("refuses, before evaluating, what it cannot decide", () => {
    const compile = (expression: string) => () => compileConditions([{ name: "c", expression }], "set.yaml: ClusterAdmissionPolicy p");
    expect(compile("object.metadata.name.find('w') == 'w'")).toThrow(SuiteError);
    expect(compile("object.metadata.name.find('w') == 'w'")).toThrow(
      "set.yaml: ClusterAdmissionPolicy p: matchCondition 'c' calls find(), which is not available here (standard CEL and the strings extension are)");
    expect(compile("isQuantity('1Gi')")).toThrow("calls isQuantity()");
    expect(compile("sets.contains(['a'], ['a'])")).toThrow("uses 'sets', which is neither object, oldObject nor request, nor a library available here");
    expect(compile("[1, 2].sum() == 3")).toThrow("calls sum()");
    expect(compile("authorizer.group('apps').resource('deployments').check('create').allowed()")).toThrow("uses the authorizer (it asks the live API server)");
    expect(compile("object.metadata.name ==")).toThrow(/matchCondition 'c' is not valid CEL: /);
  });
});
