// The run's real control plane (etcd + kube-apiserver): ready, authenticates client
// certificates, enforces RBAC, and namespaces get their default ServiceAccount by hand.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterUser, realKubeApiServer, type KubeApiServerState } from "../support/real-kube-api-server.ts";
import { apiMessage, createNamespace, objectApi } from "../support/cluster-objects.ts";

let state: KubeApiServerState;
let dir: string;
beforeAll(async () => {
  state = await realKubeApiServer();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-real-api-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("real kube-apiserver", () => {
  it("serves the admin user and stores what it creates", async () => {
    console.log(`etcd + kube-apiserver ready in ${state.startMs} ms`);
    const api = objectApi(clusterUser(state, dir).kubeConfig);
    await createNamespace(api, "real-api-smoke");
    const sa = await api.read({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "real-api-smoke" } });
    expect(sa.metadata?.uid).toEqual(expect.any(String));
  });

  it("forbids what RBAC does not grant", async () => {
    const api = objectApi(clusterUser(state, dir, "nobody", []).kubeConfig);
    const err = await api.read({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }).catch((e: unknown) => e);
    expect(apiMessage(err)).toBe('namespaces "default" is forbidden: User "nobody" cannot get resource "namespaces" in API group "" in the namespace "default"');
  });
});
