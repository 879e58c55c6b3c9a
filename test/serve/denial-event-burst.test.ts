// A burst of denials through the run's real kube-apiserver, with `wardenkit serve --register`
// (its own process) as the webhook: 200 distinct Pods that required-labels denies, created as
// fast as 25 clients at once can. With the default Event rate, every denial must be accounted
// for in the Events the API server stores, read back from it. With a burst of 170 and then
// one Event a second, stopping serve right after such a burst must write the Events still
// waiting before it exits.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { KubernetesObject, KubernetesObjectApi } from "@kubernetes/client-node";
import { freePort } from "../support/registry.ts";
import { clusterUser, realKubeApiServer } from "../support/real-kube-api-server.ts";
import { apiMessage, createNamespace, objectApi, pod } from "../support/cluster-objects.ts";
import { builtModulePath } from "../support/policies.ts";
import { until } from "../support/until.ts";
import { HttpsClient } from "./support/harness.ts";
import { ServeProcess } from "./support/serve-process.ts";

const NS = "burst-shop";
const REGISTRATION = "wardenkit-serve-burst-test";
const PODS = 200;
const CLIENTS = 25;
/** A guard against Events that never come, not a speed check. */
const EVENTS_TIMEOUT_MS = 120_000;

let work: string;
let kubeconfig: string;
let api: KubernetesObjectApi;
let serve: ServeProcess;
let port: number;

type Event = KubernetesObject & Record<string, any>;

/** What the API server answers to creating `name` unlabelled: the denial's message, or "created". */
async function create(name: string, dryRun = false): Promise<string> {
  try {
    await api.create(pod(NS, name), undefined, dryRun ? "All" : undefined);
    return "created";
  } catch (err) {
    return apiMessage(err);
  }
}

/** Creates `<prefix>-0` … `<prefix>-199`, CLIENTS at a time, and answers what each got. */
async function burst(prefix: string): Promise<string[]> {
  const answers: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    for (let i = next++; i < PODS; i = next++) answers[i] = await create(`${prefix}-${i}`);
  }));
  return answers;
}

async function violations(prefix: string): Promise<Event[]> {
  const list = await api.list("v1", "Event", NS);
  return (list.items as Event[]).filter((e) => e.reason === "PolicyViolation" && e.involvedObject?.name?.startsWith(`${prefix}-`));
}

/** Each denied Pod's Event, and the sum of their counts. */
function accounted(events: Event[]): { pods: number; denials: number } {
  return { pods: new Set(events.map((e) => e.involvedObject.name)).size, denials: events.reduce((sum, e) => sum + e.count, 0) };
}

const denial = (prefix: string) => (_: string, i: number) => `admission webhook "required-labels.wardenkit.serve" denied the request: Pod ${NS}/${prefix}-${i} is missing required labels app`;

/** Starts serve as the namespace's webhook, with `extra` flags, and waits until the API server calls it. */
async function startServe(extra: string[] = []): Promise<void> {
  port = await freePort();
  serve = new ServeProcess([
    "--config", join(work, "policies.yml"), "--port", String(port), "--address", "127.0.0.1",
    "--register", "--advertise-host", "127.0.0.1", "--kubeconfig", kubeconfig,
    "--namespace", NS, "--failure-policy", "Fail", "--registration-name", REGISTRATION, ...extra,
  ], work);
  await serve.waitFor(/serving 1 policies/);
  // The API server picks new webhook configurations up asynchronously; a dry run leaves no Event.
  await until("serve's webhook to be enforced", async () => (await create("probe", true)).includes("required-labels.wardenkit.serve"));
}

beforeAll(async () => {
  const state = await realKubeApiServer();
  work = mkdtempSync(join(tmpdir(), "wardenkit-event-burst-"));
  const admin = clusterUser(state, work);
  kubeconfig = admin.kubeconfig;
  api = objectApi(admin.kubeConfig);
  await createNamespace(api, NS);
  writeFileSync(join(work, "policies.yml"), stringify({ "required-labels": { module: builtModulePath("required-labels"), settings: { requiredLabels: ["app"] } } }));
});

afterAll(async () => {
  const code = await serve?.stop();
  if (code !== undefined && code !== 0) console.error(serve.output);
  await ServeProcess.killAll();
  rmSync(work, { recursive: true, force: true });
});

describe("a burst of denials", () => {
  it("stores an Event for every one of 200 distinct Pods, and /metrics counts them", async () => {
    await startServe();
    const answers = await burst("burst");
    expect(answers).toEqual(answers.map(denial("burst")));
    const events = await until(`Events for all ${PODS} Pods`, async () => {
      const stored = await violations("burst");
      return stored.length >= PODS && stored;
    }, EVENTS_TIMEOUT_MS);
    expect(accounted(events)).toEqual({ pods: PODS, denials: PODS });

    const client = new HttpsClient(`https://127.0.0.1:${port}`, readFileSync(join(work, ".wardenkit/serve/ca.pem"), "utf8"));
    // serve counts a write once the API server's answer is back, a moment after the Event is listed.
    const metrics = await until("the writes in /metrics", async () => {
      const text = (await client.get("/metrics")).text;
      return text.includes(`wardenkit_kubernetes_events_total{action="created"} ${PODS}`) && text.includes("wardenkit_kubernetes_events_pending 0") && text;
    });
    client.close();
    expect(metrics).not.toMatch(/wardenkit_kubernetes_events_total\{action="(shed|failed|retried)"\}/);
    expect(serve.output).not.toMatch(/got no Event|could not write/);
  });

  it("has the Events still waiting written before serve exits when it is stopped right after the burst", async () => {
    expect(await serve.stop()).toBe(0);
    // A burst of 170, then one a second: some 20 to 30 Events still wait when the signal comes,
    // few enough to be written within the 5 s on a busy machine.
    await startServe(["--event-burst", "170", "--event-qps", "1"]);
    const answers = await burst("stop");
    expect(answers).toEqual(answers.map(denial("stop")));
    expect(await serve.stop("SIGTERM")).toBe(0);
    expect(accounted(await violations("stop")), serve.output).toEqual({ pods: PODS, denials: PODS });
    const waiting = Number(/writing (\d+) pending denial Events/.exec(serve.output)?.[1]);
    expect(waiting).toBeGreaterThanOrEqual(10);
    expect(serve.output).not.toMatch(/stopped with|got no Event|could not write/);
  });
});
