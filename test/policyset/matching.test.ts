// Which requests reach a policy: rules, the AdmissionPolicy's namespace, namespaceSelector
// (with the controller's additions), objectSelector, as the API server decides.
import { describe, expect, it } from "vitest";
import { matchPolicy } from "../../src/policyset/matching.ts";
import { Namespaces } from "../../src/policyset/namespaces.ts";
import type { LoadedPolicy } from "../../src/policyset/policy-set.ts";
import { requestFor } from "../../src/policyset/requests.ts";
import { ruleMatches } from "../../src/policyset/rules.ts";
import { selectorMatches, selectorProblem } from "../../src/policyset/label-selector.ts";
import { SuiteError } from "../../src/policyset/suite-error.ts";
import { wrapObject } from "../../src/host/wrap-object.ts";
import type { PolicyRule } from "../../src/wasm/policy-metadata.ts";

const pod = (namespace = "shop", labels: Record<string, string> = {}) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace, labels } });
const rule = (over: Partial<PolicyRule> = {}): PolicyRule => ({ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"], ...over });

function policy(over: Partial<LoadedPolicy> = {}): LoadedPolicy {
  return {
    kind: "ClusterAdmissionPolicy", name: "p", key: "p", uniqueName: "clusterwide-p", source: "test", rules: [rule()], mode: "protect",
    failurePolicy: "Fail", mutating: false, allowInsideAdmissionControllerNamespace: false, conditions: [], members: [], ...over,
  };
}

const match = (p: LoadedPolicy, request = requestFor(pod()), namespaces = new Namespaces()) => matchPolicy(p, request, namespaces, "kubewarden", "test.yaml");

describe("rules", () => {
  const request = requestFor(pod());
  it.each([
    ["the exact group, version, resource and operation", rule(), true],
    ["* in every list", rule({ apiGroups: ["*"], apiVersions: ["*"], resources: ["*"], operations: ["*"] }), true],
    ["another API group", rule({ apiGroups: ["apps"] }), false],
    ["another version", rule({ apiVersions: ["v2"] }), false],
    ["another resource", rule({ resources: ["configmaps"] }), false],
    ["another operation", rule({ operations: ["UPDATE", "DELETE"] }), false],
    ["scope Namespaced for a pod", rule({ scope: "Namespaced" }), true],
    ["scope Cluster for a pod", rule({ scope: "Cluster" }), false],
    ["scope *", rule({ scope: "*" }), true],
  ])("%s: %s", (_, r, expected) => expect(ruleMatches(r, request)).toBe(expected));

  it("matches subresources as Kubernetes does: * excludes them, pods/* and */binding and */* include them", () => {
    const binding = wrapObject({ apiVersion: "v1", kind: "Binding", metadata: { name: "b", namespace: "shop" } }, { resource: "pods", subResource: "binding" });
    expect(ruleMatches(rule({ resources: ["pods"] }), binding)).toBe(false);
    expect(ruleMatches(rule({ resources: ["*"] }), binding)).toBe(false);
    expect(ruleMatches(rule({ resources: ["pods/binding"] }), binding)).toBe(true);
    expect(ruleMatches(rule({ resources: ["pods/*"] }), binding)).toBe(true);
    expect(ruleMatches(rule({ resources: ["*/binding"] }), binding)).toBe(true);
    expect(ruleMatches(rule({ resources: ["*/*"] }), binding)).toBe(true);
    expect(ruleMatches(rule({ resources: ["pods/status"] }), binding)).toBe(false);
    // The API server's code lets a subresource `*` match no subresource too.
    expect(ruleMatches(rule({ resources: ["pods/*"] }), request)).toBe(true);
  });

  it("treats a Namespace as cluster-scoped although its request names a namespace, its subresources too", () => {
    const namespace = requestFor({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    expect(namespace.namespace).toBe("team-a");
    expect(ruleMatches(rule({ resources: ["namespaces"], scope: "Cluster" }), namespace)).toBe(true);
    expect(ruleMatches(rule({ resources: ["namespaces"], scope: "Namespaced" }), namespace)).toBe(false);
    const status = requestFor({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } }, { operation: "UPDATE", subResource: "status" });
    expect(ruleMatches(rule({ resources: ["namespaces/status"], operations: ["UPDATE"], scope: "Cluster" }), status)).toBe(true);
    expect(ruleMatches(rule({ resources: ["namespaces/status"], operations: ["UPDATE"], scope: "Namespaced" }), status)).toBe(false);
  });

  it("takes a subresource's resource from its parent, not from the object it carries", () => {
    const scale = { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "web", namespace: "shop" }, spec: { replicas: 2 } };
    const request = requestFor(scale, { operation: "UPDATE", oldObject: scale, resource: "deployments", subResource: "scale" });
    expect(request.resource).toEqual({ group: "apps", version: "v1", resource: "deployments" });
    expect(request.kind).toEqual({ group: "autoscaling", version: "v1", kind: "Scale" });
    expect(ruleMatches(rule({ apiGroups: ["apps"], resources: ["deployments/scale"], operations: ["UPDATE"] }), request)).toBe(true);
    const custom = requestFor(scale, { operation: "UPDATE", oldObject: scale, resource: "example.com/v1alpha1/widgets", subResource: "scale" });
    expect(custom.resource).toEqual({ group: "example.com", version: "v1alpha1", resource: "widgets" });
    const eviction = requestFor({ apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "p", namespace: "shop" } }, { resource: "pods", subResource: "eviction" });
    expect(eviction.resource).toEqual({ group: "", version: "v1", resource: "pods" });
  });

  it("never sends webhook configurations and admission policies of Kubernetes itself", () => {
    const webhook = requestFor({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", metadata: { name: "w" } });
    expect(match(policy({ rules: [rule({ apiGroups: ["*"], apiVersions: ["*"], resources: ["*"] })] }), webhook)).toMatchObject({ matches: false });
  });

  it("says which request no rule matches", () => {
    expect(match(policy({ rules: [rule({ apiGroups: ["apps"] })] }))).toEqual({ matches: false, reason: "no rule matches CREATE pods (v1)" });
  });
});

describe("label selectors", () => {
  const labels = { app: "web", tier: "front" };
  it.each([
    [{ matchLabels: { app: "web" } }, true],
    [{ matchLabels: { app: "db" } }, false],
    [{ matchExpressions: [{ key: "tier", operator: "In", values: ["front", "back"] }] }, true],
    [{ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["front"] }] }, false],
    [{ matchExpressions: [{ key: "missing", operator: "NotIn", values: ["x"] }] }, true],
    [{ matchExpressions: [{ key: "app", operator: "Exists" }] }, true],
    [{ matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, false],
    [{ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, false],
    [{}, true],
  ])("%j on app=web,tier=front: %s", (selector, expected) => expect(selectorMatches(selector, labels)).toBe(expected));

  it("names what the API server would refuse", () => {
    expect(selectorProblem({ matchExpressions: [{ key: "a", operator: "In", values: [] }] })).toBe("operator In on 'a' needs values");
    expect(selectorProblem({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] })).toBe("operator Exists on 'a' takes no values");
    expect(selectorProblem({ matchExpressions: [{ key: "a", operator: "Equals" }] })).toMatch(/'Equals' is not a selector operator/);
  });
});

describe("namespaceSelector", () => {
  const namespaces = new Namespaces([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { env: "prod" } } }]);
  const prodOnly = policy({ namespaceSelector: { matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }] } });

  it("matches the labels of the suite's Namespace objects", () => {
    expect(match(prodOnly, requestFor(pod("shop")), namespaces)).toEqual({ matches: true });
    const staging = new Namespaces([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { env: "staging" } } }]);
    expect(match(prodOnly, requestFor(pod("shop")), staging)).toEqual({ matches: false, reason: "namespaceSelector excludes namespace shop" });
  });

  it("knows every namespace's kubernetes.io/metadata.name label without its object", () => {
    const named = policy({ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system"] }] } });
    expect(match(named, requestFor(pod("shop")))).toEqual({ matches: true });
    expect(match(named, requestFor(pod("kube-system")))).toMatchObject({ matches: false });
  });

  it("refuses to guess the labels of a namespace it has no object for", () => {
    expect(() => match(prodOnly, requestFor(pod("elsewhere")), namespaces)).toThrow(SuiteError);
    expect(() => match(prodOnly, requestFor(pod("elsewhere")), namespaces)).toThrow(
      "test.yaml: cannot tell whether ClusterAdmissionPolicy p applies: its namespaceSelector reads env of namespace elsewhere, and no Namespace object names it; add one");
  });

  it("drops matchLabels and excludes the controller's namespace, as the Kubewarden controller writes the webhook", () => {
    const byLabel = policy({ namespaceSelector: { matchLabels: { env: "staging" } } });
    expect(match(byLabel, requestFor(pod("shop")), namespaces)).toEqual({ matches: true });
    expect(match(policy(), requestFor(pod("kubewarden")))).toMatchObject({ matches: false });
    expect(match(policy({ allowInsideAdmissionControllerNamespace: true }), requestFor(pod("kubewarden")))).toEqual({ matches: true });
  });

  it("keeps the whole selector, matchLabels too, of a policy allowed inside the controller's namespace", () => {
    const byLabel = policy({ allowInsideAdmissionControllerNamespace: true, namespaceSelector: { matchLabels: { env: "staging" } } });
    expect(match(byLabel, requestFor(pod("shop")), namespaces)).toEqual({ matches: false, reason: "namespaceSelector excludes namespace shop" });
    const prod = policy({ allowInsideAdmissionControllerNamespace: true, namespaceSelector: { matchLabels: { env: "prod" } } });
    expect(match(prod, requestFor(pod("shop")), namespaces)).toEqual({ matches: true });
  });

  it("never exempts other cluster-scoped objects, and judges a Namespace by its own labels", () => {
    const nodes = policy({ rules: [rule({ resources: ["nodes", "namespaces"] })], namespaceSelector: { matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }] } });
    expect(match(nodes, requestFor({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" } }))).toEqual({ matches: true });
    expect(match(nodes, requestFor({ apiVersion: "v1", kind: "Namespace", metadata: { name: "new", labels: { env: "prod" } } }))).toEqual({ matches: true });
    expect(match(nodes, requestFor({ apiVersion: "v1", kind: "Namespace", metadata: { name: "new", labels: { env: "dev" } } }))).toMatchObject({ matches: false });
  });
});

describe("an AdmissionPolicy", () => {
  const namespaced = policy({ kind: "AdmissionPolicy", namespace: "shop", key: "shop/p" });
  it("sees only its own namespace", () => {
    expect(match(namespaced, requestFor(pod("shop")))).toEqual({ matches: true });
    expect(match(namespaced, requestFor(pod("bank")))).toEqual({ matches: false, reason: "an AdmissionPolicy only sees namespace shop" });
  });
  it("sees no cluster-scoped object, its own Namespace neither: the controller scopes its rules Namespaced", () => {
    const clusterRules = policy({ kind: "AdmissionPolicy", namespace: "shop", key: "shop/p", rules: [rule({ resources: ["namespaces"], scope: "Cluster" }), rule({ resources: ["pods"], scope: "Cluster" })] });
    expect(match(clusterRules, requestFor({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }))).toEqual({
      matches: false, reason: "an AdmissionPolicy only sees namespaced objects (the controller scopes its rules Namespaced)",
    });
    expect(match(clusterRules, requestFor(pod("shop")))).toEqual({ matches: true });
  });
  it("puts an object without a namespace in default, as kubectl does", () => {
    const request = requestFor({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } });
    expect(request.namespace).toBe("default");
    expect((request.object as { metadata: { namespace: string } }).metadata.namespace).toBe("default");
  });
});

describe("objectSelector", () => {
  const selected = policy({ rules: [rule({ operations: ["*"] })], objectSelector: { matchLabels: { checked: "yes" } } });
  it("matches the object's labels", () => {
    expect(match(selected, requestFor(pod("shop", { checked: "yes" })))).toEqual({ matches: true });
    expect(match(selected, requestFor(pod("shop", { checked: "no" })))).toEqual({ matches: false, reason: "objectSelector matches neither the object nor the old object" });
  });
  it("matches the old object's labels too, and an absent old object matches nothing", () => {
    const update = requestFor(pod("shop", {}), { operation: "UPDATE", oldObject: pod("shop", { checked: "yes" }) });
    expect(match(selected, update)).toEqual({ matches: true });
    const optOut = policy({ objectSelector: { matchExpressions: [{ key: "skip", operator: "DoesNotExist" }] } });
    expect(match(optOut, requestFor(pod("shop", { skip: "1" })))).toMatchObject({ matches: false });
  });
  it("matches the deleted object of a DELETE", () => {
    expect(match(selected, requestFor(pod("shop", { checked: "yes" }), { operation: "DELETE" }))).toEqual({ matches: true });
  });
});
