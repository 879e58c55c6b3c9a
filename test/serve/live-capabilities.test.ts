// serve answering host capabilities live, through its worker bridge: kubernetes/can_i as a
// SubjectAccessReview on the run's real kube-apiserver (an allowed and a denied user), and
// net/v1/dns_lookup_host through the system resolver; each policy's hostCapabilities still
// decide what it may call.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { LiveCluster } from "../../src/serve/live-cluster.ts";
import { LiveExternalSource } from "../../src/host/live/live-external-source.ts";
import type { CanIRequest } from "../../src/host/capabilities/kubernetes-requests.ts";
import { clusterUser, realKubeApiServer } from "../support/real-kube-api-server.ts";
import { createNamespace, objectApi } from "../support/cluster-objects.ts";
import { compileGuestModule } from "../support/guest-modules.ts";
import { admissionReview, podRequest, startTestServer, type TestServer } from "./support/harness.ts";

const SHOP = "can-i-shop";

const canIRequest = (user: string, verb: string, disableCache = false): CanIRequest => ({
  subject_access_review: { user, groups: [], resource_attributes: { resource: "pods", verb, namespace: SHOP, version: "v1" } },
  disable_cache: disableCache,
});

let dir: string;
let cluster: LiveCluster;
let server: TestServer;

beforeAll(async () => {
  const state = await realKubeApiServer();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-live-capabilities-"));
  const admin = clusterUser(state, dir);
  const api = objectApi(admin.kubeConfig);
  await createNamespace(api, SHOP);
  await api.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "pod-reader", namespace: SHOP },
    rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] } as never);
  await api.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "alice-reads-pods", namespace: SHOP },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" }] } as never);
  cluster = new LiveCluster(admin.kubeConfig);

  writeFileSync(join(dir, "probe.wasm"), (await compileGuestModule("host-call-probe")).bytes);
  const probe = (namespace: string, operation: string, payload: unknown, hostCapabilities: string[]) =>
    ({ module: "probe.wasm", settings: { namespace, operation, payload: JSON.stringify(payload) }, hostCapabilities });
  writeFileSync(join(dir, "policies.yml"), stringify({
    "alice-gets-pods": probe("kubernetes", "can_i", canIRequest("alice", "get"), ["kubernetes/can_i"]),
    "alice-deletes-pods": probe("kubernetes", "can_i", canIRequest("alice", "delete", true), ["kubernetes/can_i"]),
    "resolves-localhost": probe("net", "v1/dns_lookup_host", "localhost", ["net/v1/dns_lookup_host"]),
    "not-granted-dns": probe("net", "v1/dns_lookup_host", "localhost", ["kubernetes/*"]),
  }));
  server = await startTestServer({
    distDir: dir, configPath: join(dir, "policies.yml"), watch: false, kubernetes: cluster, external: new LiveExternalSource(),
  });
});

afterAll(async () => {
  await server?.close();
  await cluster?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the probe policy heard from the host, for one review. */
async function heard(policy: string): Promise<string> {
  const reply = await server.client.post(`/validate/${policy}`, admissionReview(podRequest(`${policy}-1`, {}, { namespace: SHOP })));
  return reply.json().response.status.message as string;
}

describe("kubernetes/can_i on the live cluster", () => {
  it("asks the API server with a SubjectAccessReview: allowed for a granted verb, not for another", async () => {
    expect(await cluster.canI(canIRequest("alice", "list"))).toMatchObject({ allowed: true });
    const denied = (await cluster.canI(canIRequest("alice", "delete", true))) as { allowed: boolean; denied?: boolean };
    expect(denied.allowed).toBe(false);
    expect(await cluster.canI(canIRequest("mallory", "get"))).toMatchObject({ allowed: false });
  });

  it("answers a policy's can_i through serve's worker bridge", async () => {
    expect(JSON.parse((await heard("alice-gets-pods")).replace(/^answer: /, ""))).toMatchObject({ allowed: true });
    expect(JSON.parse((await heard("alice-deletes-pods")).replace(/^answer: /, ""))).toMatchObject({ allowed: false });
  });
});

describe("the external capabilities in serve", () => {
  it("answers a granted DNS lookup through the system resolver", async () => {
    expect(JSON.parse((await heard("resolves-localhost")).replace(/^answer: /, ""))).toEqual({ ips: expect.arrayContaining(["127.0.0.1"]) });
  });

  it("still refuses a capability the policy was not granted", async () => {
    expect(await heard("not-granted-dns")).toMatch(/^error: Policy has not been granted access to the 'net\/v1\/dns_lookup_host' host capability/);
  });
});
