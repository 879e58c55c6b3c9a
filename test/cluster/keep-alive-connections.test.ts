// Every client made from one loaded kubeconfig shares one keep-alive connection to the real
// kube-apiserver, where client-node alone opens a new TLS connection for every call.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { mkdtempSync, rmSync } from "node:fs";
import type { ClientRequest } from "node:http";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterReader } from "../../src/audit/cluster-reader.ts";
import { PolicyClient } from "../../src/cluster/client.ts";
import { kubeConfigFor } from "../../src/cluster/kubeconfig.ts";
import { clusterUser, realKubeApiServer, type KubeApiServerState } from "../support/real-kube-api-server.ts";

const CALLS = 6;
const NAMESPACE = { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } };

let state: KubeApiServerState;
let dir: string;
let kubeconfig: string;
beforeAll(async () => {
  state = await realKubeApiServer();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-keep-alive-"));
  kubeconfig = clusterUser(state, dir).kubeconfig;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The distinct sockets the HTTP requests made during `work` were sent on. */
async function socketsUsedBy(work: () => Promise<unknown>): Promise<{ requests: number; sockets: number }> {
  const sockets = new Set<Socket>();
  let requests = 0;
  const onStart = (message: unknown) => {
    requests++;
    const { request } = message as { request: ClientRequest };
    request.once("response", () => sockets.add(request.socket!));
  };
  subscribe("http.client.request.start", onStart);
  try {
    await work();
  } finally {
    unsubscribe("http.client.request.start", onStart);
  }
  return { requests, sockets: sockets.size };
}

describe("connections to the API server", () => {
  it("client-node's own kubeconfig opens a connection per call", async () => {
    const config = new KubeConfig();
    config.loadFromFile(kubeconfig);
    const api = KubernetesObjectApi.makeApiClient(config);
    const used = await socketsUsedBy(async () => {
      for (let i = 0; i < CALLS; i++) await api.read(NAMESPACE);
    });
    expect(used.requests).toBeGreaterThanOrEqual(CALLS);
    expect(used.sockets).toBe(used.requests);
  });

  it("the loaded kubeconfig's clients share one connection across calls and client types", async () => {
    const loaded = kubeConfigFor(kubeconfig);
    const used = await socketsUsedBy(async () => {
      const policies = new PolicyClient(loaded);
      for (let i = 0; i < CALLS; i++) expect((await policies.get(NAMESPACE))?.metadata?.name).toBe("default");
      const reader = new ClusterReader(loaded);
      expect(await reader.groupVersions()).toContainEqual({ group: "", version: "v1", preferred: true });
      const [namespaces] = (await reader.resources("", "v1")).filter((r) => r.resource === "namespaces");
      expect((await reader.listPage(namespaces, undefined, 10)).items.map((n) => n.metadata?.name)).toContain("default");
    });
    expect(used.requests).toBeGreaterThanOrEqual(CALLS + 3);
    expect(used.sockets).toBe(1);
  });

  it("concurrent calls open no more connections than calls in flight, and later calls reuse them", async () => {
    const loaded = kubeConfigFor(kubeconfig);
    const policies = new PolicyClient(loaded);
    await policies.get(NAMESPACE); // discovery, so each call below is one request
    const used = await socketsUsedBy(async () => {
      for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: 4 }, () => policies.get(NAMESPACE)));
    });
    expect(used.requests).toBe(12);
    expect(used.sockets).toBeLessThanOrEqual(4);
  });
});
