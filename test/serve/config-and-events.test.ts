// policies.yml parsing, and the aggregation of denial Events, without servers.
import { describe, expect, it } from "vitest";
import { parseServeConfig } from "../../src/serve/config.ts";
import { DenialEvents, involvedObject, type CoreEvent, type EventSink } from "../../src/serve/denial-events.ts";
import type { DenialSubject } from "../../src/serve/protocol.ts";

describe("policies.yml", () => {
  it("reads the standalone policy-server shape with its defaults", () => {
    const config = parseServeConfig([
      "psp:",
      "  module: registry://ghcr.io/kubewarden/policies/psp:v1.0.0",
      "  policyMode: monitor",
      "  allowedToMutate: true",
      "  settings: { a: 1 }",
      "  contextAwareResources: [{ apiVersion: v1, kind: Namespace }]",
      "plain:",
      "  module: dist/required-labels.wasm",
    ].join("\n"), "/base");
    expect(config.problems).toEqual([]);
    expect(config.policies[0]).toMatchObject({
      id: "psp", mode: "monitor", allowedToMutate: true, settings: { a: 1 }, contextAwareResources: [{ apiVersion: "v1", kind: "Namespace" }],
    });
    expect(config.policies[1]).toMatchObject({ id: "plain", mode: "protect", allowedToMutate: false, settings: {}, contextAwareResources: [], baseDir: "/base" });
  });

  it("reports a broken entry on its own and keeps the others", () => {
    const config = parseServeConfig("good: { module: a.wasm }\nbad: { module: b.wasm, policyMode: strict }\ngroup: { policies: {}, expression: 'true' }\nBad_Id: { module: c.wasm }", "/");
    expect(config.policies.map((p) => p.id)).toEqual(["good"]);
    expect(config.problems).toEqual([
      { id: "bad", error: "policies.yml: `policyMode` must be protect or monitor" },
      { id: "group", error: "policies.yml: policy groups are not supported by wardenkit serve" },
      { id: "Bad_Id", error: "policies.yml: a policy id must be lower-case letters, digits, '-' or '.'" },
    ]);
  });

  it("reads hostCapabilities: absent denies all, as a stand-alone policy-server does", () => {
    const config = parseServeConfig([
      "none: { module: a.wasm }",
      "empty: { module: a.wasm, hostCapabilities: [] }",
      "all: { module: a.wasm, hostCapabilities: ['*'] }",
      "some: { module: a.wasm, hostCapabilities: ['kubernetes/*', 'oci/v2/verify'] }",
      "bad: { module: a.wasm, hostCapabilities: ['kube*'] }",
      "scalar: { module: a.wasm, hostCapabilities: '*' }",
    ].join("\n"), "/");
    expect(Object.fromEntries(config.policies.map((p) => [p.id, p.hostCapabilities]))).toEqual({
      none: [], empty: [], all: ["*"], some: ["kubernetes/*", "oci/v2/verify"],
    });
    expect(config.problems).toEqual([
      { id: "bad", error: 'policies.yml: hostCapabilities pattern "kube*" is invalid: a wildcard must be a whole last segment, as in "oci/*"' },
      { id: "scalar", error: 'policies.yml: hostCapabilities must be a list of patterns such as "*", "kubernetes/*" or "oci/v2/verify"' },
    ]);
  });

  it("refuses a file that is not a mapping of policies", () => {
    expect(() => parseServeConfig("- a\n- b", "/")).toThrow("policies.yml must map policy ids to policies");
    expect(() => parseServeConfig("a: [", "/")).toThrow(/^policies.yml is not valid YAML/);
  });
});

class RecordingSink implements EventSink {
  created: CoreEvent[] = [];
  updates: { name: string; count: number }[] = [];
  async createEvent(event: CoreEvent) {
    this.created.push(event);
  }
  async updateEventCount(_namespace: string, name: string, count: number) {
    this.updates.push({ name, count });
  }
}

const subject = (name: string, extra: Partial<DenialSubject> = {}): DenialSubject => ({
  message: "missing label", operation: "CREATE", kind: { group: "apps", version: "v1", kind: "Deployment" }, name, namespace: "shop", ...extra,
});

describe("denial Events", () => {
  it("aggregates repeats into one Event and writes the count once per flush", async () => {
    const sink = new RecordingSink();
    const events = new DenialEvents(sink, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 10; i++) events.record("p", subject("web"));
    events.record("p", subject("api"));
    await events.close();
    expect(sink.created.map((e) => e.message)).toEqual([
      "policy p denied CREATE of Deployment shop/web: missing label",
      "policy p denied CREATE of Deployment shop/api: missing label",
    ]);
    expect(sink.updates).toEqual([{ name: sink.created[0].metadata.name, count: 10 }]);
  });

  it("caps new Events per interval and counts the dropped ones", async () => {
    const sink = new RecordingSink();
    const actions: string[] = [];
    const events = new DenialEvents(sink, { flushIntervalMs: 60_000, maxNewEventsPerInterval: 3, onAction: (a) => actions.push(a) });
    for (let i = 0; i < 10; i++) events.record("p", subject(`web-${i}`));
    await events.close();
    expect(sink.created).toHaveLength(3);
    expect(actions.filter((a) => a === "dropped")).toHaveLength(7);
  });

  it("refers to the denied object in the Event's namespace; cluster-scoped ones live in default", () => {
    expect(involvedObject(subject("web", { uid: "u1" }))).toEqual({
      ref: { apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "shop", uid: "u1" }, namespace: "shop",
    });
    expect(involvedObject(subject("web"))).toEqual({ ref: { apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "shop" }, namespace: "shop" });
    expect(involvedObject(subject("team-a", { namespace: "team-a", kind: { group: "", version: "v1", kind: "Namespace" } }))).toEqual({
      ref: { apiVersion: "v1", kind: "Namespace", name: "team-a" }, namespace: "default",
    });
  });
});
