// Against an in-test Kubernetes API server: context-aware policies get live
// answers (only for the kinds they were granted), protect-mode denials become
// aggregated Events, and --register writes the webhook configurations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { KubeConfig } from "@kubernetes/client-node";
import { compileAssemblyScript } from "../../src/build/compile.ts";
import { PROJECT_ROOT } from "../../src/project.ts";
import { LiveCluster } from "../../src/serve/live-cluster.ts";
import { registerWebhooks, WEBHOOK_CONFIGURATION_NAME } from "../../src/serve/webhook-registration.ts";
import { startKubeApiServer, statusBody, type KubeApiServer, type RecordedRequest } from "../support/kube-api-server.ts";
import { builtModulePath } from "../support/policies.ts";
import { admissionReview, podRequest, startTestServer, testCertificate, type TestServer } from "./support/harness.ts";

const NAMESPACES: Record<string, Record<string, string>> = { shop: {}, owned: { owner: "team-a" } };

let dir: string;
let api: KubeApiServer;
let kubeConfig: KubeConfig;

function servePolicies(): Record<string, unknown> {
  const owner = { module: "namespace-owner.wasm", contextAwareResources: [{ apiVersion: "v1", kind: "Namespace" }, { apiVersion: "v1", kind: "Pod" }] };
  return {
    "namespace-owner": owner,
    "namespace-owner-monitor": { ...owner, policyMode: "monitor" },
    "labels": { module: builtModulePath("required-labels"), settings: { requiredLabels: ["app"] } },
    "run-as-non-root": { module: builtModulePath("run-as-non-root"), settings: { mutate: true }, allowedToMutate: true },
  };
}

function serveKubernetesEndpoints(server: KubeApiServer): void {
  server.discovery("v1", [
    { name: "namespaces", kind: "Namespace", namespaced: false },
    { name: "pods", kind: "Pod", namespaced: true },
    { name: "secrets", kind: "Secret", namespaced: true },
    { name: "events", kind: "Event", namespaced: true },
  ]);
  server.discovery("admissionregistration.k8s.io/v1", [
    { name: "validatingwebhookconfigurations", kind: "ValidatingWebhookConfiguration", namespaced: false },
    { name: "mutatingwebhookconfigurations", kind: "MutatingWebhookConfiguration", namespaced: false },
  ]);
  server.route("GET", "/api/v1/namespaces/:name", (_r, { name }) => {
    if (!(name in NAMESPACES)) return statusBody(404, "NotFound", `namespaces "${name}" not found`);
    return { body: { apiVersion: "v1", kind: "Namespace", metadata: { name, uid: `uid-${name}`, labels: NAMESPACES[name], managedFields: [{ manager: "kubectl" }] } } };
  });
  server.route("GET", "/api/v1/namespaces/:namespace/pods", (_r, { namespace }) => ({
    body: { apiVersion: "v1", kind: "PodList", metadata: {}, items: [1, 2].map((i) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: `web-${i}`, namespace } })) },
  }));
  server.route("POST", "/api/v1/namespaces/:namespace/events", (r) => ({ status: 201, body: JSON.parse(r.body) }));
  server.route("PATCH", "/api/v1/namespaces/:namespace/events/:name", (r) => ({ body: JSON.parse(r.body) }));
}

/** Events are written after the answer; wait until the API server has seen what we expect. */
async function eventually<T>(read: () => T | undefined): Promise<T> {
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sent = (method: string, prefix: string): RecordedRequest[] => api.requests.filter((r) => r.method === method && r.path.startsWith(prefix));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-serve-cluster-"));
  writeFileSync(join(dir, "namespace-owner.wasm"), await compileAssemblyScript(PROJECT_ROOT, join(PROJECT_ROOT, "test/serve/guest-modules/namespace-owner.ts")));
  writeFileSync(join(dir, "policies.yml"), stringify(servePolicies()));
  api = await startKubeApiServer();
  serveKubernetesEndpoints(api);
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(api.writeKubeconfig(dir));
});

afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("live reads", () => {
  it("keep only the fields a policy's field_masks name, from one cached read", async () => {
    const cluster = new LiveCluster(kubeConfig);
    const before = sent("GET", "/api/v1/namespaces/masked/pods").length;
    const masked = await cluster.listByNamespace({ api_version: "v1", kind: "Pod", namespace: "masked", field_masks: ["metadata.name"] });
    expect(masked).toMatchObject({ kind: "PodList", items: [{ metadata: { name: "web-1" } }, { metadata: { name: "web-2" } }] });
    // As Kubewarden's reflector keeps a list item: identity and whole metadata, managedFields emptied.
    expect((masked as { items: object[] }).items[0]).toEqual({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-1", namespace: "masked", annotations: {}, managedFields: [] } });
    const whole = await cluster.listByNamespace({ api_version: "v1", kind: "Pod", namespace: "masked" });
    expect((whole as { items: object[] }).items[0]).toMatchObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-1", namespace: "masked" } });
    expect(sent("GET", "/api/v1/namespaces/masked/pods").length).toBe(before + 1);
  });
});

describe("with a cluster", () => {
  let server: TestServer;

  beforeAll(async () => {
    const cluster = new LiveCluster(kubeConfig);
    server = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), kubernetes: cluster, events: cluster, watch: false });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("answers context-aware policies from the live cluster", async () => {
    const owned = await server.client.post("/validate/namespace-owner", admissionReview(podRequest("ok-1", {}, { namespace: "owned" })));
    expect(owned.json().response.allowed).toBe(true);
    const unowned = (await server.client.post("/validate/namespace-owner", admissionReview(podRequest("no-1", {}, { namespace: "shop" })))).json().response;
    expect(unowned.allowed).toBe(false);
    expect(unowned.status.message).toBe("namespace shop has no owner label (2 web pods)");
    const list = sent("GET", "/api/v1/namespaces/shop/pods");
    expect(list[0].query.labelSelector).toBe("app=web");
    expect(list[0].authorization).toBe(`Bearer ${api.token}`);
  });

  it("caches reads for a moment unless the policy disables the cache", async () => {
    const gets = () => sent("GET", "/api/v1/namespaces/owned").filter((r) => r.path === "/api/v1/namespaces/owned").length;
    const before = gets();
    await server.client.post("/validate/namespace-owner", admissionReview(podRequest("ok-2", {}, { namespace: "owned" })));
    expect(gets()).toBe(before);
    await server.client.post("/validate/namespace-owner", admissionReview(podRequest("ok-3", {}, { namespace: "owned", name: "fresh" })));
    expect(gets()).toBe(before + 1);
  });

  it("refuses kinds outside contextAwareResources without asking the cluster", async () => {
    const response = (await server.client.post("/validate/namespace-owner", admissionReview(podRequest("sec-1", {}, { name: "secret-probe" })))).json().response;
    expect(response.status.message).toBe("Policy has not been granted access to Kubernetes v1/Secret resources. The violation has been reported.");
    expect(sent("GET", "/api/v1/namespaces/shop/secrets")).toEqual([]);
  });

  it("reports a missing object with Kubewarden's wording", async () => {
    const response = (await server.client.post("/validate/namespace-owner", admissionReview(podRequest("gone-1", {}, { namespace: "gone" })))).json().response;
    expect(response.status.message).toBe("cannot read namespace: Callback evaluation failure: Cannot find v1/Namespace named 'gone' inside of namespace 'None'");
  });

  it("turns a burst of identical denials into one Event whose count is raised later", async () => {
    const before = sent("POST", "/api/v1/namespaces/shop/events").length;
    await Promise.all(Array.from({ length: 5 }, (_, i) =>
      server.client.post("/validate/labels", admissionReview(podRequest(`burst-${i}`, {}, { name: "burst" })))));
    const created = await eventually(() => {
      const posts = sent("POST", "/api/v1/namespaces/shop/events").slice(before);
      return posts.length > 0 ? posts : undefined;
    });
    expect(created).toHaveLength(1);
    const event = JSON.parse(created[0].body);
    expect(event).toMatchObject({
      apiVersion: "v1",
      kind: "Event",
      metadata: { namespace: "shop" },
      involvedObject: { apiVersion: "v1", kind: "Namespace", name: "shop" },
      reason: "PolicyViolation",
      type: "Warning",
      count: 1,
      source: { component: "wardenkit-serve" },
    });
    expect(event.message).toBe("policy labels denied CREATE of Pod shop/burst: Pod shop/web is missing required labels app");
  });

  it("puts the Event on the object when it exists, and none for dry runs or monitor mode", async () => {
    const existing = podRequest("upd-1", {}, {
      operation: "UPDATE",
      name: "running",
      oldObject: { apiVersion: "v1", kind: "Pod", metadata: { name: "running", namespace: "shop", uid: "pod-uid-1" } },
    });
    await server.client.post("/validate/labels", admissionReview(existing));
    const onObject = await eventually(() =>
      sent("POST", "/api/v1/namespaces/shop/events").map((r) => JSON.parse(r.body)).find((e) => e.involvedObject.kind === "Pod"));
    expect(onObject.involvedObject).toEqual({ apiVersion: "v1", kind: "Pod", name: "running", namespace: "shop", uid: "pod-uid-1" });

    const count = api.requests.length;
    await server.client.post("/validate/labels", admissionReview(podRequest("dry-1", {}, { name: "dry", dryRun: true })));
    const monitored = await server.client.post("/validate/namespace-owner-monitor", admissionReview(podRequest("mon-1", {}, { name: "mon" })));
    expect(monitored.json().response.allowed).toBe(true);
    // A denial after them, to know any Event they would have caused has been sent by then.
    await server.client.post("/validate/labels", admissionReview(podRequest("last-1", {}, { name: "last" })));
    const events = await eventually(() => {
      const posts = api.requests.slice(count).filter((r) => r.path.includes("/events"));
      return posts.length > 0 ? posts : undefined;
    });
    expect(events.map((r) => JSON.parse(r.body).message)).toEqual(["policy labels denied CREATE of Pod shop/last: Pod shop/web is missing required labels app"]);
  });

  it("writes the raised count back when it flushes", async () => {
    await server.close();
    const patches = sent("PATCH", "/api/v1/namespaces/shop/events/").map((r) => ({ type: r.contentType, body: JSON.parse(r.body) }));
    const burst = patches.find((p) => p.body.count === 5);
    expect(burst?.type).toBe("application/merge-patch+json");
    expect(burst?.body.lastTimestamp).toEqual(expect.any(String));
  });
});

describe("webhook registration", () => {
  it("creates the configurations with the CA bundle, then updates them", async () => {
    const stored = new Map<string, Record<string, any>>();
    for (const plural of ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]) {
      const base = `/apis/admissionregistration.k8s.io/v1/${plural}`;
      api.route("GET", `${base}/:name`, (_r, { name }) => stored.get(`${plural}/${name}`) ? { body: stored.get(`${plural}/${name}`) } : statusBody(404, "NotFound", "not found"));
      api.route("POST", base, (r) => {
        const body = { ...JSON.parse(r.body), metadata: { ...JSON.parse(r.body).metadata, resourceVersion: "1" } };
        stored.set(`${plural}/${body.metadata.name}`, body);
        return { status: 201, body };
      });
      api.route("PUT", `${base}/:name`, (r) => ({ body: JSON.parse(r.body) }));
    }
    const server = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), watch: false, workers: 1 });
    try {
      const options = { baseUrl: "https://172.18.0.1:8443", caPem: testCertificate().ca };
      const first = await registerWebhooks(kubeConfig, server.policies.list(), options);
      expect(first.slice(0, 2)).toEqual([
        "ValidatingWebhookConfiguration wardenkit-serve: created with 1 webhook(s)",
        "MutatingWebhookConfiguration wardenkit-serve: created with 1 webhook(s)",
      ]);
      // The test module carries no metadata, so it has no rules to register.
      expect(first.slice(2)).toEqual([
        "not registered: namespace-owner: its module has no rules in its metadata",
        "not registered: namespace-owner-monitor: its module has no rules in its metadata",
      ]);
      const validating = stored.get(`validatingwebhookconfigurations/${WEBHOOK_CONFIGURATION_NAME}`)!;
      expect(validating.webhooks[0]).toMatchObject({
        name: "labels.wardenkit.serve",
        clientConfig: { url: "https://172.18.0.1:8443/validate/labels", caBundle: Buffer.from(testCertificate().ca).toString("base64") },
        admissionReviewVersions: ["v1"],
        sideEffects: "NoneOnDryRun",
      });
      expect(stored.get(`mutatingwebhookconfigurations/${WEBHOOK_CONFIGURATION_NAME}`)!.webhooks[0].clientConfig.url).toBe("https://172.18.0.1:8443/validate/run-as-non-root");

      const second = await registerWebhooks(kubeConfig, server.policies.list(), options);
      expect(second[0]).toBe("ValidatingWebhookConfiguration wardenkit-serve: updated with 1 webhook(s)");
      const put = sent("PUT", "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/wardenkit-serve");
      expect(JSON.parse(put[0].body).metadata.resourceVersion).toBe("1");
    } finally {
      await server.close();
    }
  });
});
