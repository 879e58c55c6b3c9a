// Denial Events without a cluster: which Event a denial counts in, the write queue's rate,
// bound and retries, what is logged and counted (also in serve's /metrics), and what stopping
// writes. The sink is a fake that records writes (the real API server's side is in
// live-cluster.test.ts and denial-event-burst.test.ts); time is vitest's fake clock, so rates
// are checked exactly without waiting.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { DenialEvents, type DenialEventsOptions, type EventAction } from "../../src/serve/denial-events.ts";
import { involvedObject, type CoreEvent, type EventSink, type EventUpdate } from "../../src/serve/denial-event.ts";
import { KubernetesApiError } from "../../src/serve/api-error.ts";
import type { DenialSubject } from "../../src/serve/protocol.ts";
import { builtModulePath } from "../support/policies.ts";
import { admissionReview, podRequest, startTestServer } from "./support/harness.ts";

type Fate = Error | "hang" | "slow" | undefined;
/** How long a "slow" write takes to be answered. */
const SLOW_WRITE_MS = 1000;

class FakeSink implements EventSink {
  created: CoreEvent[] = [];
  updates: ({ name: string } & EventUpdate)[] = [];
  /** Each write's fate: undefined stores it, an Error is thrown, "hang" never answers, "slow" stores it after SLOW_WRITE_MS. */
  fate: (write: "create" | "update", namespace: string) => Fate = () => undefined;

  private async answer(fate: Fate): Promise<void> {
    if (fate === "hang") return new Promise(() => {});
    if (fate === "slow") return new Promise((done) => setTimeout(done, SLOW_WRITE_MS));
    if (fate) throw fate;
  }

  async createEvent(event: CoreEvent): Promise<void> {
    await this.answer(this.fate("create", event.metadata.namespace));
    this.created.push(structuredClone(event));
  }

  async updateEvent(namespace: string, name: string, update: EventUpdate): Promise<void> {
    await this.answer(this.fate("update", namespace));
    this.updates.push({ name, ...update });
  }

  names(): string[] {
    return this.created.map((e) => e.involvedObject.name);
  }
}

const subject = (name: string, extra: Partial<DenialSubject> = {}): DenialSubject => ({
  message: "missing label", operation: "CREATE", kind: { group: "apps", version: "v1", kind: "Deployment" }, name, namespace: "shop", ...extra,
});

const INTERVAL_MS = 5000;

let sink: FakeSink;
let logs: string[];
let actions: Record<string, number>;

function denialEvents(options: DenialEventsOptions = {}): DenialEvents {
  return new DenialEvents(sink, {
    flushIntervalMs: INTERVAL_MS, log: (line) => logs.push(line),
    onAction: (action: EventAction, count: number) => (actions[action] = (actions[action] ?? 0) + count),
    ...options,
  });
}

/** Lets the fake clock run, and the writes it allows answer. */
const elapse = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  sink = new FakeSink();
  logs = [];
  actions = {};
});

/** The describe's tests run on vitest's fake clock. */
function onFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

describe("which Event a denial counts in", () => {
  onFakeClock();

  it("one Event per object, policy and message; repeats raise its count, written once per interval", async () => {
    const events = denialEvents();
    for (let i = 0; i < 10; i++) events.record("p", subject("web"));
    events.record("p", subject("api"));
    events.record("q", subject("api"));
    await elapse(0);
    expect(sink.created.map((e) => [e.message, e.count])).toEqual([
      ["policy p denied CREATE of Deployment shop/web: missing label", 1],
      ["policy p denied CREATE of Deployment shop/api: missing label", 1],
      ["policy q denied CREATE of Deployment shop/api: missing label", 1],
    ]);
    expect(sink.updates).toEqual([]);
    await elapse(INTERVAL_MS);
    expect(sink.updates).toEqual([{ name: sink.created[0].metadata.name, count: 10, lastTimestamp: expect.any(String), message: sink.created[0].message }]);
    await elapse(INTERVAL_MS);
    expect(sink.updates).toHaveLength(1);
    await events.close();
  });

  it("repeats that arrive while the Event waits to be written are in its creation", async () => {
    const events = denialEvents({ burst: 1, writesPerSecond: 1 });
    events.record("p", subject("first"));
    for (let i = 0; i < 4; i++) events.record("p", subject("second"));
    await elapse(1000);
    expect(sink.created.map((e) => [e.involvedObject.name, e.count])).toEqual([["first", 1], ["second", 4]]);
    await events.close();
  });

  it("past 10 messages about one object within the window, new ones share a combined Event", async () => {
    const events = denialEvents();
    for (let i = 0; i < 12; i++) {
      events.record("p", subject("web", { message: `reason ${i}` }));
      await elapse(0);
    }
    events.record("p", subject("web", { message: "reason 3" }));
    expect(sink.created.map((e) => e.message.replace("policy p denied CREATE of Deployment shop/web: ", ""))).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `reason ${i}`),
      "(combined from similar events): reason 10",
    ]);
    await elapse(INTERVAL_MS);
    // Raised counts are queued least recently seen first.
    expect(sink.updates.map((u) => [u.count, u.message])).toEqual([
      [2, "(combined from similar events): policy p denied CREATE of Deployment shop/web: reason 11"],
      [2, "policy p denied CREATE of Deployment shop/web: reason 3"],
    ]);
    await events.close();
  });

  it("a repeat after a quiet window starts a new Event", async () => {
    const events = denialEvents({ aggregationWindowMs: 60_000 });
    events.record("p", subject("web"));
    await elapse(60_000);
    events.record("p", subject("web"));
    await elapse(0);
    expect(sink.created.map((e) => e.count)).toEqual([1, 1]);
    expect(sink.created[0].metadata.name).not.toBe(sink.created[1].metadata.name);
    await events.close();
  });

  it("remembers at most maxTracked Events, forgetting the least recently seen with nothing left to write", async () => {
    sink.fate = (_, namespace) => (namespace === "slow" ? "hang" : undefined);
    const events = denialEvents({ maxTracked: 2 });
    events.record("p", subject("a"));
    events.record("p", subject("b"));
    await elapse(0);
    events.record("p", subject("a")); // raised: a has a count to write, b is forgotten next
    events.record("p", subject("c"));
    await elapse(0);
    events.record("p", subject("b")); // a new Event again; c, written, is forgotten
    events.record("p", subject("d", { namespace: "slow" })); // a's count and b's creation are not written yet: no room
    await elapse(INTERVAL_MS);
    expect(sink.names()).toEqual(["a", "b", "c", "b"]);
    expect(sink.updates.map((u) => u.count)).toEqual([2]);
    expect(actions).toEqual({ created: 4, updated: 1, shed: 1 });
    await events.close();
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

describe("the write queue", () => {
  onFakeClock();

  it("writes a burst, then one Event per token, and every distinct denial gets its Event", async () => {
    const events = denialEvents({ burst: 5, writesPerSecond: 10 });
    for (let i = 0; i < 50; i++) events.record("p", subject(`web-${i}`));
    await elapse(0);
    expect(sink.created).toHaveLength(5);
    expect(events.pending).toBe(45);
    await elapse(1000);
    expect(sink.created).toHaveLength(15);
    await elapse(4000);
    expect(sink.names()).toEqual(Array.from({ length: 50 }, (_, i) => `web-${i}`));
    expect(events.pending).toBe(0);
    expect(actions).toEqual({ created: 50 });
    expect(logs).toEqual([]);
    await events.close();
  });

  it("sheds a denial that needs a new Event when maxPending wait, counts each, and logs once per interval", async () => {
    sink.fate = () => "hang";
    const events = denialEvents({ maxPending: 10 });
    for (let i = 0; i < 30; i++) events.record("p", subject(`web-${i}`));
    events.record("p", subject("web-0")); // a repeat of a pending Event costs no room
    expect(events.pending).toBe(10);
    expect(actions).toEqual({ shed: 20 });
    expect(logs).toEqual([]);
    await elapse(INTERVAL_MS);
    expect(logs).toEqual(["20 denials in the last 5 s got no Event: the queue of Events waiting to be written was full (10)"]);
    events.record("p", subject("web-31"));
    await elapse(INTERVAL_MS);
    await elapse(INTERVAL_MS);
    expect(logs.slice(1)).toEqual(["1 denial in the last 5 s got no Event: the queue of Events waiting to be written was full (10)"]);
    events.hurry();
    await events.close();
  });

  it("gives up a write the API server refuses, logs the reasons once per interval, and lets the next denial try again", async () => {
    const gone = new KubernetesApiError('the Kubernetes API answered 404: namespaces "gone" not found', 404);
    const invalid = new KubernetesApiError("the Kubernetes API answered 422: Event is invalid", 422);
    sink.fate = (_, namespace) => (namespace === "gone" ? gone : namespace === "bad" ? invalid : undefined);
    const events = denialEvents();
    for (const name of ["a", "b", "c"]) events.record("p", subject(name, { namespace: "gone" }));
    events.record("p", subject("d", { namespace: "bad" }));
    await elapse(INTERVAL_MS);
    expect(logs).toEqual([
      `could not write 4 denial Events in the last 5 s: ${gone.message} (3); ${invalid.message} (1)`,
    ]);
    sink.fate = () => undefined;
    events.record("p", subject("a", { namespace: "gone" }));
    await elapse(0);
    expect(sink.created.map((e) => [e.involvedObject.name, e.count])).toEqual([["a", 1]]);
    expect(actions).toEqual({ failed: 4, created: 1 });
    await events.close();
  });

  it("retries a write the API server could not answer, first in the queue, after a growing pause", async () => {
    let failures = 3;
    const unreachable = new KubernetesApiError("the Kubernetes API is unreachable: connect ECONNREFUSED 127.0.0.1:6443");
    sink.fate = () => (failures-- > 0 ? unreachable : undefined);
    const events = denialEvents({ burst: 1, writesPerSecond: 100 });
    events.record("p", subject("first"));
    events.record("p", subject("second"));
    // Attempts at 0, 1 s and 3 s fail; the fourth, at 7 s, is answered; the second Event waits behind it.
    await elapse(6999);
    expect(sink.created).toEqual([]);
    await elapse(1);
    expect(sink.names()).toEqual(["first"]);
    await elapse(10);
    expect(sink.names()).toEqual(["first", "second"]);
    expect(actions).toEqual({ retried: 3, created: 2 });
    expect(logs).toEqual([`3 denial Event writes in the last 5 s will be retried: ${unreachable.message}`]);
    await events.close();
  });

  it("gives up after 6 attempts", async () => {
    const overloaded = new KubernetesApiError("the Kubernetes API answered 429: too many requests", 429);
    sink.fate = () => overloaded;
    const events = denialEvents();
    events.record("p", subject("web"));
    await elapse(60_000);
    expect(actions).toEqual({ retried: 5, failed: 1 });
    await events.close();
  });

  it("creates anew, with its whole count, an Event the API server no longer has", async () => {
    const events = denialEvents();
    events.record("p", subject("web"));
    await elapse(0);
    sink.fate = (write) => (write === "update" ? new KubernetesApiError("the Kubernetes API answered 404: events not found", 404) : undefined);
    events.record("p", subject("web"));
    events.record("p", subject("web"));
    await elapse(INTERVAL_MS);
    expect(sink.created.map((e) => e.count)).toEqual([1, 3]);
    expect(sink.created[1].metadata.name).not.toBe(sink.created[0].metadata.name);
    expect(actions).toEqual({ created: 2 });
    await events.close();
  });
});

describe("stopping", () => {
  onFakeClock();

  it("writes the pending Events and raised counts without waiting for tokens", async () => {
    const events = denialEvents({ burst: 1, writesPerSecond: 0.001 });
    for (let i = 0; i < 5; i++) events.record("p", subject(`web-${i}`));
    events.record("p", subject("web-0"));
    await events.close();
    expect(sink.names()).toEqual(["web-0", "web-1", "web-2", "web-3", "web-4"]);
    expect(sink.updates.map((u) => u.count)).toEqual([2]);
    expect(logs).toEqual(["writing 5 pending denial Events (waiting at most 5 s)"]);
    expect(actions).toEqual({ created: 5, updated: 1 });
  });

  it("waits at most closeTimeoutMs, then counts and logs what was not written", async () => {
    sink.fate = () => "slow";
    const events = denialEvents({ burst: 1, writesPerSecond: 0.001, closeTimeoutMs: 5000 });
    for (let i = 0; i < 30; i++) events.record("p", subject(`web-${i}`));
    let done = false;
    const closed = events.close().then(() => (done = true));
    await elapse(4999);
    expect(done).toBe(false);
    await elapse(1);
    await closed;
    // Four writes at a time, each answered after a second: four rounds answered within the
    // 5 s, a fifth sent; its answers, which come after the deadline, are counted as they come.
    expect(logs).toEqual(["writing 30 pending denial Events (waiting at most 5 s)", "stopped with 10 denial Events not written (new ones or raised counts) and 4 writes unanswered"]);
    expect(actions).toEqual({ created: 20, unwritten: 10 });
  });

  it("stops writing at once when hurried", async () => {
    sink.fate = () => "hang";
    const events = denialEvents({ burst: 1 });
    for (let i = 0; i < 3; i++) events.record("p", subject(`web-${i}`));
    events.hurry();
    await events.close();
    expect(logs).toEqual(["writing 3 pending denial Events (waiting at most 5 s)", "stopped with 2 denial Events not written (new ones or raised counts) and 1 write unanswered"]);
    expect(actions).toEqual({ unwritten: 2 });
  });
});

describe("through serve", () => {
  it("shows shed denials and the queue's depth in /metrics, and logs the shedding with its count", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-denial-events-"));
    writeFileSync(join(dir, "policies.yml"), stringify({ labels: { module: builtModulePath("required-labels"), settings: { requiredLabels: ["app"] } } }));
    sink.fate = () => "hang";
    const server = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), events: sink, watch: false, eventOptions: { maxPending: 2 } });
    try {
      for (let i = 0; i < 5; i++) {
        const answer = await server.client.post("/validate/labels", admissionReview(podRequest(`u-${i}`, {}, { name: `web-${i}` })));
        expect(answer.json().response.allowed).toBe(false);
      }
      const metrics = (await server.client.get("/metrics")).text;
      expect(metrics).toContain('wardenkit_kubernetes_events_total{action="shed"} 3');
      expect(metrics).toContain("wardenkit_kubernetes_events_pending 2");
    } finally {
      server.hurry();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(server.logs.filter((l) => l.includes("got no Event"))).toEqual(["3 denials in the last 5 s got no Event: the queue of Events waiting to be written was full (2)"]);
  });
});
