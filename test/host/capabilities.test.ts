import { describe, expect, it } from "vitest";
import { createHostCallHandler } from "../../src/host/capabilities/dispatcher.ts";
import { ClusterState } from "../../src/host/capabilities/cluster-state.ts";

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const parse = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));

const cluster = new ClusterState([
  { apiVersion: "v1", kind: "Pod", metadata: { name: "a", namespace: "shop", labels: { app: "web" } }, spec: { nodeName: "n1" } },
  { apiVersion: "v1", kind: "Pod", metadata: { name: "b", namespace: "shop", labels: { app: "db" } }, spec: { nodeName: "n2" } },
  { apiVersion: "v1", kind: "Pod", metadata: { name: "c", namespace: "other" }, spec: { nodeName: "n1" } },
  { apiVersion: "v1", kind: "Node", metadata: { name: "n1", labels: { "node.kubernetes.io/instance-type": "t3.medium" } } },
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
  it("keeps only the fields named in field_masks", () => {
    const list = parse(handler("kubewarden", "kubernetes", "list_resources_all", json({ api_version: "v1", kind: "Pod", field_selector: "spec.nodeName=n1", field_masks: ["metadata.name", "spec.nodeName", "status.phase"] })));
    expect(list.items).toEqual([{ metadata: { name: "a" }, spec: { nodeName: "n1" } }, { metadata: { name: "c" }, spec: { nodeName: "n1" } }]);
    const node = parse(handler("kubewarden", "kubernetes", "get_resource", json({ api_version: "v1", kind: "Node", name: "n1", disable_cache: false, field_masks: ["metadata.labels"] })));
    expect(node).toEqual({ metadata: { labels: { "node.kubernetes.io/instance-type": "t3.medium" } } });
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
