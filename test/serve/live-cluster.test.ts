// serve's side of the cluster, in-process, against the run's real kube-apiserver: live
// reads for context-aware policies (watch-backed lists kept current, field masks, cached
// and fresh single reads, Kubewarden's wording for missing objects) and denial Events the
// API server accepts for every kind of subject. Reviews are posted to serve directly here,
// as the API server would post them, so that cluster-scoped subjects can be reviewed
// without registering webhooks that would judge every other test's cluster-scoped objects.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { PatchStrategy, type KubernetesObject, type KubernetesObjectApi } from "@kubernetes/client-node";
import { compileAssemblyScript } from "../../src/build/compile.ts";
import { PROJECT } from "../support/project.ts";
import { LiveCluster } from "../../src/serve/live-cluster.ts";
import { clusterUser, realKubeApiServer, type KubeApiServerState } from "../support/real-kube-api-server.ts";
import { createNamespace, objectApi, pod } from "../support/cluster-objects.ts";
import { builtModulePath } from "../support/policies.ts";
import { admissionReview, podRequest, startTestServer, type TestServer } from "./support/harness.ts";
import { until } from "../support/until.ts";

const SHOP = "live-shop";
const OWNED = "live-owned";
// Single reads are cached for an hour here, far longer than the test: a cached read stays
// cached however slow the machine, and a list that changes can only have come from a watch.
const READ_CACHE_TTL_MS = 3_600_000;

let state: KubeApiServerState;
let dir: string;
let api: KubernetesObjectApi;
let cluster: LiveCluster;
let server: TestServer;

type Event = KubernetesObject & Record<string, any>;
async function violations(namespace: string, name: string): Promise<Event[]> {
  const list = await api.list("v1", "Event", namespace);
  return (list.items as Event[]).filter((e) => e.reason === "PolicyViolation" && e.involvedObject?.name === name);
}

beforeAll(async () => {
  state = await realKubeApiServer();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-live-cluster-"));
  const admin = clusterUser(state, dir);
  api = objectApi(admin.kubeConfig);
  await createNamespace(api, SHOP);
  await createNamespace(api, OWNED, { owner: "team-a" });
  for (const i of [1, 2]) await api.create(pod(SHOP, `web-${i}`, { labels: { app: "web" } }));
  writeFileSync(join(dir, "namespace-owner.wasm"), await compileAssemblyScript(PROJECT.root, join(PROJECT.root, "test/serve/guest-modules/namespace-owner.ts")));
  const owner = { module: "namespace-owner.wasm", contextAwareResources: [{ apiVersion: "v1", kind: "Namespace" }, { apiVersion: "v1", kind: "Pod" }], hostCapabilities: ["kubernetes/*"] };
  writeFileSync(join(dir, "policies.yml"), stringify({
    "namespace-owner": owner,
    "namespace-owner-monitor": { ...owner, policyMode: "monitor" },
    "labels": { module: builtModulePath("required-labels"), settings: { requiredLabels: ["app"] } },
  }));
  cluster = new LiveCluster(admin.kubeConfig, READ_CACHE_TTL_MS);
  server = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), kubernetes: cluster, events: cluster, watch: false, eventOptions: { flushIntervalMs: 200 } });
});

afterAll(async () => {
  await server?.close();
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("live reads", () => {
  it("answer context-aware policies from the cluster", async () => {
    const owned = await server.client.post("/validate/namespace-owner", admissionReview(podRequest("ok-1", {}, { namespace: OWNED })));
    expect(owned.json().response.allowed).toBe(true);
    const unowned = (await server.client.post("/validate/namespace-owner", admissionReview(podRequest("no-1", {}, { namespace: SHOP })))).json().response;
    expect(unowned).toMatchObject({ allowed: false, status: { message: `namespace ${SHOP} has no owner label (2 web pods)` } });
  });

  it("list from a watch that sees a new pod within moments, and keep only the fields a policy's field_masks name", async () => {
    const query = { api_version: "v1", kind: "Pod", namespace: SHOP, label_selector: "app=web" };
    const before = (await cluster.listByNamespace(query)) as { items: KubernetesObject[] };
    expect(before.items.map((p) => p.metadata?.name).sort()).toEqual(["web-1", "web-2"]);
    expect(before.items[0]).toMatchObject({ apiVersion: "v1", kind: "Pod" });
    expect(before.items[0].metadata?.managedFields).toBeUndefined();

    await api.create(pod(SHOP, "web-3", { labels: { app: "web" } }));
    await until("the watch to deliver web-3", async () =>
      ((await cluster.listByNamespace(query)) as { items: KubernetesObject[] }).items.length === 3);

    const masked = (await cluster.listByNamespace({ ...query, field_masks: ["metadata.name"] })) as { items: object[] };
    // As Kubewarden's reflector keeps a list item: its identity and whole metadata, managedFields emptied.
    expect(masked.items).toContainEqual(expect.objectContaining({ apiVersion: "v1", kind: "Pod", metadata: expect.objectContaining({ name: "web-3", namespace: SHOP, managedFields: [] }) }));
    expect(masked.items.every((item) => Object.keys(item).sort().join() === "apiVersion,kind,metadata")).toBe(true);
    await api.delete({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-3", namespace: SHOP } }, undefined, undefined, 0);
    await until("the watch to deliver the deletion", async () =>
      ((await cluster.listByNamespace(query)) as { items: KubernetesObject[] }).items.length === 2);
  });

  it("cache single reads for a moment unless the policy disables the cache", async () => {
    const read = (fresh: boolean) => cluster.getResource({ api_version: "v1", kind: "Namespace", name: OWNED, disable_cache: fresh }) as Promise<KubernetesObject>;
    await read(false);
    await api.patch({ apiVersion: "v1", kind: "Namespace", metadata: { name: OWNED, labels: { owner: "team-a", tier: "gold" } } },
      undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
    expect((await read(false)).metadata?.labels?.tier).toBeUndefined();
    expect((await read(true)).metadata?.labels?.tier).toBe("gold");
  });

  it("refuse kinds outside contextAwareResources, and report a missing object with Kubewarden's wording", async () => {
    const secret = (await server.client.post("/validate/namespace-owner", admissionReview(podRequest("sec-1", {}, { name: "secret-probe", namespace: SHOP })))).json().response;
    expect(secret.status.message).toBe("Policy has not been granted access to Kubernetes v1/Secret resources. The violation has been reported.");
    const gone = (await server.client.post("/validate/namespace-owner", admissionReview(podRequest("gone-1", {}, { namespace: "gone" })))).json().response;
    expect(gone.status.message).toBe("cannot read namespace: Callback evaluation failure: Cannot find v1/Namespace named 'gone' inside of namespace 'None'");
  });
});

describe("denial Events", () => {
  const review = (uid: string, request: Record<string, unknown>) => server.client.post("/validate/labels", admissionReview({ uid, operation: "CREATE", userInfo: { username: "dev" }, ...request }));

  it("for a new namespaced object: on the object, in its namespace", async () => {
    await review("ns-1", podRequest("ns-1", {}, { namespace: SHOP, name: "new-pod", object: { apiVersion: "v1", kind: "Pod", metadata: { name: "new-pod", namespace: SHOP } } }));
    const [event] = await until("the Event", async () => (await violations(SHOP, "new-pod")).length === 1 && violations(SHOP, "new-pod"));
    expect(event.involvedObject).toEqual({ apiVersion: "v1", kind: "Pod", name: "new-pod", namespace: SHOP });
    expect(event.message).toBe(`policy labels denied CREATE of Pod ${SHOP}/new-pod: Pod ${SHOP}/new-pod is missing required labels app`);
  });

  it("for an existing object: on the object with its uid", async () => {
    const existing = await api.read({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-1", namespace: SHOP } });
    const object = { ...existing, metadata: { ...existing.metadata, labels: {} } };
    await review("upd-1", podRequest("upd-1", {}, { operation: "UPDATE", namespace: SHOP, name: "web-1", object, oldObject: existing }));
    const [event] = await until("the Event", async () => (await violations(SHOP, "web-1")).length === 1 && violations(SHOP, "web-1"));
    expect(event.involvedObject).toEqual({ apiVersion: "v1", kind: "Pod", name: "web-1", namespace: SHOP, uid: existing.metadata?.uid });
  });

  it("for cluster-scoped objects and Namespaces: in default, with no namespace on the object", async () => {
    await review("cr-1", {
      kind: { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole" },
      resource: { group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles" },
      name: "unlabelled-role",
      object: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "unlabelled-role" }, rules: [] },
    });
    await review("nsobj-1", {
      kind: { group: "", version: "v1", kind: "Namespace" },
      resource: { group: "", version: "v1", resource: "namespaces" },
      name: "unlabelled-ns",
      namespace: "unlabelled-ns",
      object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "unlabelled-ns" } },
    });
    const [role] = await until("the ClusterRole's Event", async () => (await violations("default", "unlabelled-role")).length === 1 && violations("default", "unlabelled-role"));
    expect(role.involvedObject).toEqual({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", name: "unlabelled-role" });
    const [namespace] = await until("the Namespace's Event", async () => (await violations("default", "unlabelled-ns")).length === 1 && violations("default", "unlabelled-ns"));
    expect(namespace.involvedObject).toEqual({ apiVersion: "v1", kind: "Namespace", name: "unlabelled-ns" });
    // (An earlier case's denial in the namespace "gone" cannot have its Event: that namespace does not exist.)
    const goneOnly = /^could not write \d+ denial Events? in the last [\d.]+ s: the Kubernetes API answered 404: namespaces "gone" not found$/;
    expect(server.logs.filter((l) => l.startsWith("could not write") && !goneOnly.test(l))).toEqual([]);
  });

  it("raise the count of the stored Event on repeats, and none for dry runs or monitor mode", async () => {
    const burst = (uid: string) => review(uid, podRequest(uid, {}, { namespace: SHOP, name: "burst", object: { apiVersion: "v1", kind: "Pod", metadata: { name: "burst", namespace: SHOP } } }));
    await Promise.all([1, 2, 3, 4, 5].map((i) => burst(`burst-${i}`)));
    const [event] = await until("the count to reach 5", async () => (await violations(SHOP, "burst")).find((e) => e.count === 5) && violations(SHOP, "burst"));
    expect(event.count).toBe(5);

    await review("dry-1", podRequest("dry-1", {}, { namespace: SHOP, name: "dry", dryRun: true }));
    const monitored = await server.client.post("/validate/namespace-owner-monitor", admissionReview(podRequest("mon-1", {}, { namespace: SHOP, name: "mon" })));
    expect(monitored.json().response.allowed).toBe(true);
    // A denial after them: once its Event is stored, any Event they would have caused would be too.
    await review("last-1", podRequest("last-1", {}, { namespace: SHOP, name: "last" }));
    await until("the last Event", async () => (await violations(SHOP, "last")).length === 1);
    expect([...(await violations(SHOP, "dry")), ...(await violations(SHOP, "mon"))]).toEqual([]);
  });
});
