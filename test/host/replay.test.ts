import { describe, expect, it } from "vitest";
import { ReplaySession } from "../../src/host/capabilities/replay.ts";

const SESSION = `
- type: Exchange
  request: |
    !KubernetesGetResource
    api_version: v1
    kind: Namespace
    name: shop
    namespace: null
    disable_cache: false
  response:
    type: Success
    payload: '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}'
- type: Exchange
  request: |
    !KubernetesListResourceAll
    api_version: v1
    kind: Pod
    label_selector: null
    field_selector: spec.nodeName=n1
  response:
    type: Error
    message: "the cluster is on fire"
`;

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe("replay sessions", () => {
  it("answers recorded exchanges in order, with null fields equal to absent ones", () => {
    const session = ReplaySession.fromText(SESSION);
    const ns = session.answer("kubernetes", "get_resource", json({ api_version: "v1", kind: "Namespace", name: "shop", disable_cache: false }));
    expect(JSON.parse(new TextDecoder().decode(ns)).metadata.name).toBe("shop");
    expect(() => session.answer("kubernetes", "list_resources_all", json({ api_version: "v1", kind: "Pod", field_selector: "spec.nodeName=n1" }))).toThrow("the cluster is on fire");
    expect(() => session.answer("kubernetes", "list_resources_all", json({}))).toThrow("has no exchange left for KubernetesListResourceAll");
  });
  it("says what differs when the policy asks something else", () => {
    const session = ReplaySession.fromText(SESSION, "s.yml");
    expect(() => session.answer("kubernetes", "get_resource", json({ api_version: "v1", kind: "Namespace", name: "other", disable_cache: false }))).toThrow(
      /^replay session s.yml, exchange 1: recorded !KubernetesGetResource .*"name":"shop".*, policy sent !KubernetesGetResource .*"name":"other"/,
    );
  });
  it("refuses a file that is not a session", () => {
    expect(() => ReplaySession.fromText("a: 1", "x.yml")).toThrow("x.yml: a replay session is a YAML list of exchanges");
    expect(() => ReplaySession.fromText("- request: 'api_version: v1'\n  response: {type: Success, payload: '{}'}", "x.yml")).toThrow("x.yml: exchange 1: request has no !Tag");
  });
});
