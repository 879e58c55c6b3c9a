// `wardenkit serve --register` against the run's real kube-apiserver: the API server calls
// serve over HTTPS for each of the four policies, and what a client sees (verdicts,
// messages, a mutation, a dry run) comes back through it; denial Events are stored and
// readable; pod-density counts live Nodes and Pods, also on pods/binding; a reload under a
// stream of creates loses no request. No scheduler or kubelet runs: Nodes are API objects
// and pods are bound by the test, as the scheduler would bind them.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CoreV1Api, type KubernetesObject, type KubernetesObjectApi } from "@kubernetes/client-node";
import { freePort } from "../support/registry.ts";
import { clusterUser, realKubeApiServer, type KubeApiServerState } from "../support/real-kube-api-server.ts";
import { apiMessage, createNamespace, ensure, installCrd, node, objectApi, pod } from "../support/cluster-objects.ts";
import { builtModulePath } from "../support/policies.ts";
import { ServeProcess } from "./support/serve-process.ts";
import { sleep, until } from "../support/until.ts";

const NS = "serve-shop";
const REGISTRATION = "wardenkit-serve-cluster-test";
const CREATE_INTERVAL_MS = 300;

let state: KubeApiServerState;
let work: string;
let api: KubernetesObjectApi;
let core: CoreV1Api;
let serve: ServeProcess;

function writePolicies(requiredLabels: string[]): void {
  writeFileSync(join(work, "policies.yml"), stringify({
    "required-labels": { module: builtModulePath("required-labels"), settings: { requiredLabels } },
    "run-as-non-root": { module: builtModulePath("run-as-non-root"), settings: { mutate: true }, allowedToMutate: true },
    "sql-claim-size": { module: builtModulePath("sql-claim-size"), settings: { allowedSizes: ["small", "medium"] } },
    "pod-density": {
      module: builtModulePath("pod-density"), settings: { maxPodsPerNode: 3 },
      contextAwareResources: [{ apiVersion: "v1", kind: "Pod" }, { apiVersion: "v1", kind: "Node" }],
      hostCapabilities: ["kubernetes/*"],
    },
  }));
}

const configMap = (name: string, labels: Record<string, string> = {}): KubernetesObject =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: NS, labels }, data: { k: "v" } }) as KubernetesObject;

const sqlClaim = (name: string, size: string): KubernetesObject =>
  ({ apiVersion: "devopstoolkitseries.com/v1alpha1", kind: "SQLClaim", metadata: { name, namespace: NS, labels: { app: "shop" } }, spec: { parameters: { size } } }) as KubernetesObject;

/** The API server's answer to a create: "created" or the message a client sees. */
async function create(object: KubernetesObject, dryRun = false): Promise<string> {
  try {
    await api.create(object, undefined, dryRun ? "All" : undefined);
    return "created";
  } catch (err) {
    return apiMessage(err);
  }
}

const denied = (policy: string, message: string) => `admission webhook "${policy}.wardenkit.serve" denied the request: ${message}`;

/** The API server picks new webhook configurations up asynchronously: wait until a denial comes back. */
function enforced(): Promise<string> {
  return until("serve's webhooks to be enforced", async () => {
    const answer = await create(configMap("probe"), true);
    return answer.includes("required-labels.wardenkit.serve") && answer;
  });
}

async function policyViolations(): Promise<(KubernetesObject & Record<string, any>)[]> {
  const list = await api.list("v1", "Event", NS);
  return (list.items as (KubernetesObject & Record<string, any>)[]).filter((e) => e.reason === "PolicyViolation");
}

beforeAll(async () => {
  state = await realKubeApiServer();
  work = mkdtempSync(join(tmpdir(), "wardenkit-serve-cluster-"));
  const admin = clusterUser(state, work);
  api = objectApi(admin.kubeConfig);
  core = admin.kubeConfig.makeApiClient(CoreV1Api);
  await createNamespace(api, NS);
  await installCrd(state, api, "deploy/kind/sqlclaim-crd.yaml");
  for (const name of ["density-1", "density-2", "density-3"]) await ensure(api, node(name));
  writePolicies(["app"]);
  serve = new ServeProcess([
    "--config", join(work, "policies.yml"), "--port", String(await freePort()), "--address", "127.0.0.1",
    "--register", "--advertise-host", "127.0.0.1", "--kubeconfig", admin.kubeconfig,
    "--namespace", NS, "--failure-policy", "Fail", "--registration-name", REGISTRATION,
  ], work);
  await serve.waitFor(/serving 4 policies/);
  await enforced();
});

afterAll(async () => {
  const code = await serve?.stop();
  if (code !== undefined && code !== 0) console.error(serve.output);
  await ServeProcess.killAll();
  rmSync(work, { recursive: true, force: true });
});

describe("serve --register on a real API server", () => {
  it("registers one webhook per policy, narrowed to the namespace, failing closed, never judging its own Events", async () => {
    const validating = (await api.read({
      apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", metadata: { name: REGISTRATION },
    })) as KubernetesObject & { webhooks: Record<string, any>[] };
    expect(validating.webhooks.map((w) => w.name)).toEqual(["pod-density.wardenkit.serve", "required-labels.wardenkit.serve", "sql-claim-size.wardenkit.serve"]);
    for (const webhook of validating.webhooks) {
      expect(webhook.failurePolicy).toBe("Fail");
      expect(webhook.namespaceSelector).toEqual({ matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [NS] }] });
      expect(webhook.matchConditions).toEqual([
        {
          name: "not-wardenkit-serve-events",
          expression: '!(has(request.userInfo.username) && request.userInfo.username == "admin" && request.resource.group == "" && request.resource.resource == "events")',
        },
        { name: "in-namespaces", expression: `has(request.namespace) && request.namespace in ["${NS}"]` },
      ]);
    }
    // A cluster-scoped object is not sent (and its request, which has no namespace, does not make the condition fail closed).
    expect(await create(node("not-judged", {}))).toBe("created");
    expect(serve.output).toContain(`ValidatingWebhookConfiguration ${REGISTRATION}: created with 3 webhook(s)`);
    expect(serve.output).toContain(`MutatingWebhookConfiguration ${REGISTRATION}: created with 1 webhook(s)`);
  });

  it("answers for each policy as a client sees it", async () => {
    expect(await create(configMap("unlabelled"))).toBe(denied("required-labels", `ConfigMap ${NS}/unlabelled is missing required labels app`));
    expect(await create(configMap("labelled", { app: "shop" }))).toBe("created");
    expect(await create(pod(NS, "root", { labels: { app: "shop" }, runAsNonRoot: false }))).toContain(denied("run-as-non-root", `Pod ${NS}/root`));
    expect(await create(sqlClaim("orders-huge", "huge"))).toBe(
      denied("sql-claim-size", `SQLClaim ${NS}/orders-huge asks for size 'huge', which is not allowed; allowed sizes: small, medium`),
    );
    expect(await create(sqlClaim("orders-small", "small"))).toBe("created");
  });

  it("has its mutation applied by the API server", async () => {
    expect(await create(pod(NS, "mutated", { labels: { app: "shop" } }))).toBe("created");
    const stored = (await api.read({ apiVersion: "v1", kind: "Pod", metadata: { name: "mutated", namespace: NS } })) as KubernetesObject & { spec: any };
    expect(stored.spec.securityContext).toEqual({ runAsNonRoot: true });
  });

  it("stores one valid Event per denied object, raising its count on repeats, and none for dry runs", async () => {
    expect(await create(configMap("dry-run-only"), true)).toBe(denied("required-labels", `ConfigMap ${NS}/dry-run-only is missing required labels app`));
    for (let i = 0; i < 3; i++) expect(await create(configMap("denied-thrice"))).toContain("is missing required labels app");

    const event = await until("the Event's count to reach 3", async () =>
      (await policyViolations()).find((e) => e.involvedObject?.name === "denied-thrice" && e.count === 3), 20_000);
    expect(event).toMatchObject({
      metadata: { namespace: NS },
      involvedObject: { apiVersion: "v1", kind: "ConfigMap", name: "denied-thrice", namespace: NS },
      type: "Warning",
      message: `policy required-labels denied CREATE of ConfigMap ${NS}/denied-thrice: ConfigMap ${NS}/denied-thrice is missing required labels app`,
      source: { component: "wardenkit-serve" },
      reportingComponent: "wardenkit-serve",
    });
    expect(event.involvedObject.uid).toBeUndefined();
    const events = await policyViolations();
    expect(events.filter((e) => e.involvedObject?.name === "denied-thrice")).toHaveLength(1);
    expect(events.filter((e) => e.involvedObject?.name === "dry-run-only")).toEqual([]);
    expect(serve.output).not.toContain("could not write");
    // serve's Event writes were not sent to its own webhooks: the only reviews of Events are none.
    expect(serve.output).not.toMatch(/Event .* is missing required labels/);
  });

  it("pod-density counts the pods a moment-old watch has seen: sequential creates against a limit of 3 admit exactly 3", async () => {
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      answers.push(await create(pod(NS, `dense-${i}`, { labels: { app: "shop" }, nodeName: "density-1" })));
      await sleep(CREATE_INTERVAL_MS);
    }
    const tooMany = (i: number) => denied("pod-density", `Pod ${NS}/dense-${i} cannot be placed on node density-1: it already runs 3 pods, and its limit is 3 (maxPodsPerNode)`);
    expect(answers).toEqual(["created", "created", "created", tooMany(3), tooMany(4), tooMany(5)]);
  });

  it("pod-density judges the scheduler's binding of a pod to a full node", async () => {
    for (let i = 0; i < 3; i++) expect(await create(pod(NS, `bound-${i}`, { labels: { app: "shop" }, nodeName: "density-2" }))).toBe("created");
    expect(await create(pod(NS, "unscheduled", { labels: { app: "shop" } }))).toBe("created");
    await sleep(CREATE_INTERVAL_MS);
    // POST pods/unscheduled/binding, as the scheduler binds.
    const bind = (nodeName: string) => core.createNamespacedPodBinding({
      name: "unscheduled", namespace: NS, body: { apiVersion: "v1", kind: "Binding", metadata: { name: "unscheduled" }, target: { apiVersion: "v1", kind: "Node", name: nodeName } },
    }).then(() => "bound", (err: unknown) => apiMessage(err));
    expect(await bind("density-2")).toBe(denied("pod-density", `Binding ${NS}/unscheduled cannot be placed on node density-2: it already runs 3 pods, and its limit is 3 (maxPodsPerNode)`));
    expect(await bind("density-3")).toBe("bound");
    const stored = (await api.read({ apiVersion: "v1", kind: "Pod", metadata: { name: "unscheduled", namespace: NS } })) as KubernetesObject & { spec: any };
    expect(stored.spec.nodeName).toBe("density-3");
  });

  it("reloads a changed policy under a stream of creates without losing a request", async () => {
    const answers: string[] = [];
    const reloadsBefore = serve.output.split("loaded policy required-labels").length;
    let changed = false;
    for (let i = 0; i < 60; i++) {
      if (i === 5) {
        writePolicies(["app", "tier"]);
        changed = true;
      }
      answers.push(await create(configMap(`stream-${i}`, { app: "shop" })));
      const reloaded = serve.output.split("loaded policy required-labels").length > reloadsBefore;
      if (changed && reloaded && answers.at(-1) !== "created") break;
      await sleep(CREATE_INTERVAL_MS / 3);
    }
    writePolicies(["app"]);
    const tier = (i: number) => denied("required-labels", `ConfigMap ${NS}/stream-${i} is missing required labels tier`);
    const firstDenied = answers.findIndex((a) => a !== "created");
    expect(firstDenied).toBeGreaterThanOrEqual(5);
    expect(answers).toEqual(answers.map((_, i) => (i < firstDenied ? "created" : tier(i))));
    await until("the original settings to be served again", async () => (await create(configMap("back", { app: "shop" }), true)) === "created");
  });
});
