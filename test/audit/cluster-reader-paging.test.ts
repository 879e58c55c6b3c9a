// ClusterReader on the run's real kube-apiserver: a list longer than a page is read to its end,
// page after page (`limit` and `continue`), every object once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubernetesObject } from "@kubernetes/client-node";
import { eachBounded } from "../../src/audit/bounded-each.ts";
import { ClusterReader } from "../../src/audit/cluster-reader.ts";
import { kubeConfigFor } from "../../src/cluster/kubeconfig.ts";
import { clusterUser, realKubeApiServer, type ClusterUser } from "../support/real-kube-api-server.ts";
import { createNamespace, objectApi } from "../support/cluster-objects.ts";

const NS = "audit-paging";
const OBJECTS = 250;
const PAGE = 100;

let work: string;
let admin: ClusterUser;

beforeAll(async () => {
  const state = await realKubeApiServer();
  work = mkdtempSync(join(tmpdir(), "wardenkit-paging-"));
  admin = clusterUser(state, work);
  const api = objectApi(admin.kubeConfig);
  await createNamespace(api, NS);
  const configMaps = Array.from({ length: OBJECTS }, (_, i): KubernetesObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, namespace: NS } }));
  await eachBounded(configMaps, 8, async (cm) => void (await api.create(cm)));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("ClusterReader.listAll", () => {
  it("reads every page of a list longer than one", async () => {
    const reader = new ClusterReader(kubeConfigFor(admin.kubeconfig));
    const resource = { group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true };
    const pages: string[][] = [];
    for await (const page of reader.listAll(resource, NS, PAGE)) pages.push(page.map((o) => o.metadata!.name!));
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(new Set(pages.flat()).size).toBe(OBJECTS);
  });
});
