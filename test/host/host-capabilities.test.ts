// hostCapabilities as policy-server applies them: an allow list of `<namespace>/<operation>`
// patterns checked before any capability is answered; tracing is never gated.
import { describe, expect, it } from "vitest";
import { HostCapabilityAllowList } from "../../src/host/capabilities/allow-list.ts";
import { createHostCallHandler } from "../../src/host/capabilities/dispatcher.ts";
import { ClusterState } from "../../src/host/capabilities/cluster-state.ts";
import { ReplaySession } from "../../src/host/capabilities/replay.ts";

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const cluster = new ClusterState([{ apiVersion: "v1", kind: "Node", metadata: { name: "n1" } }]);
const getNode = json({ api_version: "v1", kind: "Node", name: "n1", disable_cache: true });
const denied = (path: string) => `Policy has not been granted access to the '${path}' host capability. The violation has been reported.`;

function handlerWith(patterns: string[] | undefined) {
  const logs: unknown[] = [];
  const handler = createHostCallHandler({
    kubernetes: cluster,
    hostCapabilities: patterns === undefined ? undefined : HostCapabilityAllowList.parse(patterns),
    onLog: (entry) => logs.push(entry),
  });
  return { handler, logs };
}

describe("host capability allow lists", () => {
  it.each([
    [[], "kubernetes/get_resource", false],
    [["*"], "kubernetes/get_resource", true],
    [["*"], "oci/v2/verify", true],
    [["kubernetes/*"], "kubernetes/list_resources_all", true],
    [["kubernetes/*"], "oci/v1/verify", false],
    [["oci/v2/*"], "oci/v2/verify", true],
    [["oci/v2/*"], "oci/v1/verify", false],
    [["kubernetes/get_resource"], "kubernetes/get_resource", true],
    [["kubernetes/get_resource"], "kubernetes/list_resources_all", false],
    [["oci/*", "kubernetes/can_i"], "kubernetes/can_i", true],
    [[" kubernetes/get_resource "], "kubernetes/get_resource", true],
  ] as [string[], string, boolean][])("%j allows %s: %s", (patterns, path, allowed) => {
    expect(HostCapabilityAllowList.parse(patterns).allows(path)).toBe(allowed);
  });

  it("refuses patterns policy-server refuses, naming them", () => {
    expect(() => HostCapabilityAllowList.parse(["oci*"])).toThrow(`hostCapabilities pattern "oci*" is invalid: a wildcard must be a whole last segment`);
    expect(() => HostCapabilityAllowList.parse(["oci/v1/oci_*"])).toThrow(/"oci\/v1\/oci_\*" is invalid/);
    expect(() => HostCapabilityAllowList.parse(["*/oci"])).toThrow(/"\*\/oci" is invalid/);
    expect(() => HostCapabilityAllowList.parse([""])).toThrow("a hostCapabilities pattern cannot be empty");
    expect(() => HostCapabilityAllowList.parse("*")).toThrow("hostCapabilities must be a list of patterns");
    expect(() => HostCapabilityAllowList.parse([1])).toThrow("hostCapabilities must be a list of patterns");
  });
});

describe("the host call gate", () => {
  it("absent allows every capability, as kwctl run's default `*`", () => {
    const { handler } = handlerWith(undefined);
    expect(JSON.parse(new TextDecoder().decode(handler("kubewarden", "kubernetes", "get_resource", getNode))).metadata.name).toBe("n1");
  });

  it("[] denies every capability with policy-server's sentence, but still logs", () => {
    const { handler, logs } = handlerWith([]);
    expect(() => handler("kubewarden", "kubernetes", "get_resource", getNode)).toThrow(denied("kubernetes/get_resource"));
    expect(() => handler("kubewarden", "oci", "v2/verify", json({}))).toThrow(denied("oci/v2/verify"));
    handler("kubewarden", "tracing", "log", json({ level: "info", message: "still logged" }));
    expect(logs).toEqual([{ level: "info", message: "still logged" }]);
  });

  it('["*"] allows, and a pattern list allows only what it names', () => {
    expect(handlerWith(["*"]).handler("kubewarden", "kubernetes", "get_resource", getNode).length).toBeGreaterThan(0);
    const { handler } = handlerWith(["kubernetes/list_resources_all", "net/*"]);
    expect(handler("kubewarden", "kubernetes", "list_resources_all", json({ api_version: "v1", kind: "Node" })).length).toBeGreaterThan(0);
    expect(() => handler("kubewarden", "kubernetes", "get_resource", getNode)).toThrow(denied("kubernetes/get_resource"));
  });

  it("refuses before a replay session is consulted, so a refused call is never recorded", () => {
    const replay = ReplaySession.fromText("[]");
    const handler = createHostCallHandler({ replay, hostCapabilities: HostCapabilityAllowList.DENY_ALL });
    expect(() => handler("kubewarden", "kubernetes", "get_resource", getNode)).toThrow(denied("kubernetes/get_resource"));
    // Allowed, the same call reaches the (empty) session.
    const open = createHostCallHandler({ replay, hostCapabilities: HostCapabilityAllowList.ALLOW_ALL });
    expect(() => open("kubewarden", "kubernetes", "get_resource", getNode)).toThrow(/has no exchange left/);
  });
});
