import { describe, expect, it } from "vitest";
import { createHostCallHandler } from "../../src/host/capabilities/dispatcher.ts";
import { ClusterState } from "../../src/host/capabilities/cluster-state.ts";
import { ReplaySession } from "../../src/host/capabilities/replay.ts";

/** A kwctl session in which the API server refused to read node n1. */
const REFUSED_SESSION = `
- type: Exchange
  request: |
    !KubernetesGetResource
    api_version: "v1"
    kind: "Node"
    name: "n1"
    namespace: null
    disable_cache: false
  response:
    type: Error
    message: "nodes \\"n1\\" is forbidden\\n\\nCaused by:\\n    Forbidden"
`;

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const parse = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));

const cluster = new ClusterState([
  { apiVersion: "v1", kind: "Pod", metadata: { name: "a", namespace: "shop", labels: { app: "web" } }, spec: { nodeName: "n1" } },
  { apiVersion: "v1", kind: "Pod", metadata: { name: "b", namespace: "shop", labels: { app: "db" } }, spec: { nodeName: "n2" } },
  { apiVersion: "v1", kind: "Pod", metadata: { name: "c", namespace: "other" }, spec: { nodeName: "n1" } },
  { apiVersion: "v1", kind: "Node", metadata: { name: "n1", uid: "n1-uid", labels: { "node.kubernetes.io/instance-type": "t3.medium" } } },
]);

describe("host capabilities", () => {
  const handler = createHostCallHandler({ kubernetes: cluster, contextAwareResources: [{ apiVersion: "v1", kind: "Pod" }, { apiVersion: "v1", kind: "Node" }] });
  const names = (b: Uint8Array) => parse(b).items.map((o: { metadata: { name: string } }) => o.metadata.name);

  it("lists by namespace with label selectors", () => {
    expect(names(handler("kubewarden", "kubernetes", "list_resources_by_namespace", json({ api_version: "v1", kind: "Pod", namespace: "shop", label_selector: "app=web" })))).toEqual(["a"]);
  });
  it("lists across namespaces with field selectors, as a List", () => {
    const list = parse(handler("kubewarden", "kubernetes", "list_resources_all", json({ api_version: "v1", kind: "Pod", field_selector: "spec.nodeName=n1" })));
    expect(list.kind).toBe("PodList");
    expect(list.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(["a", "c"]);
  });
  it("gets one object, and says Kubewarden's sentence when it is absent", () => {
    expect(parse(handler("kubewarden", "kubernetes", "get_resource", json({ api_version: "v1", kind: "Node", name: "n1", disable_cache: true }))).metadata.name).toBe("n1");
    expect(() => handler("kubewarden", "kubernetes", "get_resource", json({ api_version: "v1", kind: "Node", name: "n9", disable_cache: true }))).toThrow(
      "Cannot find v1/Node named 'n9' inside of namespace 'None'",
    );
  });
  it("masks fields as Kubewarden does: list items keep apiVersion, kind and their whole metadata", () => {
    const list = parse(handler("kubewarden", "kubernetes", "list_resources_all", json({ api_version: "v1", kind: "Pod", field_selector: "spec.nodeName=n1", field_masks: ["spec.nodeName", "status.phase"] })));
    expect(list.items).toEqual([
      { apiVersion: "v1", kind: "Pod", metadata: { name: "a", namespace: "shop", labels: { app: "web" }, annotations: {}, managedFields: [] }, spec: { nodeName: "n1" } },
      { apiVersion: "v1", kind: "Pod", metadata: { name: "c", namespace: "other", annotations: {}, managedFields: [] }, spec: { nodeName: "n1" } },
    ]);
  });
  it("masks a single object to its identity (apiVersion, kind, name, uid) and the masked paths", () => {
    const node = parse(handler("kubewarden", "kubernetes", "get_resource", json({ api_version: "v1", kind: "Node", name: "n1", disable_cache: false, field_masks: ["metadata.labels"] })));
    expect(node).toEqual({ apiVersion: "v1", kind: "Node", metadata: { name: "n1", uid: "n1-uid", labels: { "node.kubernetes.io/instance-type": "t3.medium" } } });
  });
  it("treats arrays as transparent in masks, and drops the last-applied annotation from list items", () => {
    const state = new ClusterState([{
      apiVersion: "v1", kind: "Pod",
      metadata: { name: "p", namespace: "ns", annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}", keep: "yes" }, managedFields: [{ manager: "kubectl" }] },
      spec: { containers: [{ name: "a", image: "nginx" }, { name: "b", image: "redis" }] },
    }]);
    const h = createHostCallHandler({ kubernetes: state });
    const list = parse(h("kubewarden", "kubernetes", "list_resources_all", json({ api_version: "v1", kind: "Pod", field_masks: ["spec.containers.image"] })));
    expect(list.items[0]).toEqual({
      apiVersion: "v1", kind: "Pod",
      metadata: { name: "p", namespace: "ns", annotations: { keep: "yes" }, managedFields: [] },
      spec: { containers: [{ image: "nginx" }, { image: "redis" }] },
    });
  });
  it("prefixes what comes back through the callback channel, as Kubewarden's host does", () => {
    expect(() => handler("kubewarden", "kubernetes", "get_resource", json({ api_version: "v1", kind: "Node", name: "n9", disable_cache: true }))).toThrow(
      /^Callback evaluation failure: Cannot find v1\/Node named 'n9' inside of namespace 'None'$/,
    );
    const session = ReplaySession.fromText(REFUSED_SESSION);
    const replaying = createHostCallHandler({ replay: session });
    expect(() => replaying("kubewarden", "kubernetes", "get_resource", json({ api_version: "v1", kind: "Node", name: "n1", disable_cache: false }))).toThrow(
      /^Callback evaluation failure: nodes "n1" is forbidden\n\nCaused by:/,
    );
  });
  it("refuses a read outside contextAwareResources before the replay session, which it leaves untouched", () => {
    const session = ReplaySession.fromText(REFUSED_SESSION);
    const replaying = createHostCallHandler({ replay: session, contextAwareResources: [{ apiVersion: "v1", kind: "Pod" }] });
    expect(() => replaying("kubewarden", "kubernetes", "get_resource", json({ api_version: "v1", kind: "Node", name: "n1", disable_cache: false }))).toThrow(
      /^Policy has not been granted access to Kubernetes v1\/Node resources\. The violation has been reported\.$/,
    );
    expect(session.remaining).toBe(1);
  });

  it("requires disable_cache on get_resource, as the real host does", () => {
    expect(() => handler("kubewarden", "kubernetes", "get_resource", json({ api_version: "v1", kind: "Node", name: "n1" }))).toThrow("missing field `disable_cache`");
  });
  it("refuses kinds outside contextAwareResources", () => {
    expect(() => handler("kubewarden", "kubernetes", "list_resources_all", json({ api_version: "v1", kind: "Secret" }))).toThrow(
      "Policy has not been granted access to Kubernetes v1/Secret resources. The violation has been reported.",
    );
  });
  it("refuses unknown bindings, namespaces and malformed requests", () => {
    expect(() => handler("other", "kubernetes", "x", json({}))).toThrow("unknown binding: other");
    expect(() => handler("kubewarden", "teleport", "x", json({}))).toThrow("unknown namespace: teleport");
    expect(() => handler("kubewarden", "kubernetes", "list_resources_all", new TextEncoder().encode("{"))).toThrow(/^invalid list_resources_all request/);
  });
  it("collects logs with their level", () => {
    const logs: unknown[] = [];
    const h = createHostCallHandler({ onLog: (e) => logs.push(e) });
    expect(h("kubewarden", "tracing", "log", json({ level: "WARNING", message: "m", node: "n1" }))).toHaveLength(0);
    expect(logs).toEqual([{ level: "warning", message: "m", node: "n1" }]);
  });
});
