// The fake API server itself: a real client-node client can discover, read and is refused
// without the token, and every request is recorded.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubeApiServer, type KubeApiServer } from "../support/kube-api-server.ts";

let server: KubeApiServer;
let dir: string;
beforeAll(async () => {
  server = await startKubeApiServer();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-kube-api-test-"));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function client(token?: string): KubernetesObjectApi {
  const kc = new KubeConfig();
  kc.loadFromFile(server.writeKubeconfig(dir, { token }));
  return KubernetesObjectApi.makeApiClient(kc);
}

describe("fake Kubernetes API server", () => {
  it("serves discovery and registered routes over HTTPS and records the requests", async () => {
    server.discovery("v1", [{ name: "nodes", kind: "Node", namespaced: false }]);
    server.route("GET", "/api/v1/nodes/:name", (_req, { name }) => ({ body: { apiVersion: "v1", kind: "Node", metadata: { name } } }));
    const node = await client().read({ apiVersion: "v1", kind: "Node", metadata: { name: "worker" } });
    expect(node.metadata?.name).toBe("worker");
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/v1", "GET /api/v1/nodes/worker"]);
    expect(server.requests[1].authorization).toBe(`Bearer ${server.token}`);
  });

  it("answers 401 to a wrong token and 404 to an unknown path", async () => {
    await expect(client("wrong").read({ apiVersion: "v1", kind: "Node", metadata: { name: "x" } })).rejects.toMatchObject({ code: 401 });
    await expect(client().read({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x", namespace: "y" } })).rejects.toMatchObject({ code: 404 });
  });
});
