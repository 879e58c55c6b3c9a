// Every fixture case of every policy, sent as a real AdmissionReview over HTTPS
// to `wardenkit serve`: the answer must match what the case expects, and
// mutations must come back as the JSONPatch policy-server would send.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { loadCaseFile, type PolicyCase } from "../../src/testing/case-file.ts";
import { applyPatch } from "../../src/host/json-patch.ts";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import { ClusterState } from "../../src/host/capabilities/cluster-state.ts";
import type { AsyncKubernetesSource } from "../../src/serve/kubernetes-bridge.ts";
import { readPolicyMetadata } from "../../src/wasm/policy-metadata.ts";
import { PROJECT } from "../support/project.ts";
import { POLICY_NAMES, builtModulePath } from "../support/policies.ts";
import { admissionReview, podRequest, startTestServer, type TestServer } from "./support/harness.ts";

interface ServedCase {
  policy: string;
  id: string;
  case: PolicyCase;
}

/** The policies.yml entries and cases served by one server, with the cluster its policies read. */
interface ServedGroup {
  entries: Record<string, unknown>;
  cases: ServedCase[];
  cluster?: KubernetesObject[];
}

const caseFiles = POLICY_NAMES.map((p) => join(PROJECT.folders.fixtures, p, "cases.yaml")).filter(existsSync);

/** The cluster a case reads, answered asynchronously as the live cluster is. */
function asyncCluster(objects: KubernetesObject[]): AsyncKubernetesSource {
  const state = new ClusterState(objects);
  return {
    listByNamespace: async (request) => state.listByNamespace(request),
    listAll: async (request) => state.listAll(request),
    getResource: async (request) => state.getResource(request),
  };
}

/**
 * One server per cluster state (none for plain cases), one policies.yml entry
 * per (policy, settings) pair, so every case runs with its own settings and
 * cluster. Replay sessions are a kwctl test device, not something a server reads.
 */
function planCases(): ServedGroup[] {
  const groups = new Map<string, ServedGroup>();
  for (const path of caseFiles) {
    const file = loadCaseFile(path);
    for (const c of file.cases) {
      if (!c.request || c.replay) continue;
      const clusterKey = c.cluster ? JSON.stringify(c.cluster) : "";
      let group = groups.get(clusterKey);
      if (!group) groups.set(clusterKey, (group = { entries: {}, cases: [], cluster: c.cluster }));
      // A case without hostCapabilities runs as `kwctl run` does by default: everything granted.
      const hostCapabilities = c.hostCapabilities ? [...c.hostCapabilities.patterns] : ["*"];
      const settingsKey = `${file.policy} ${JSON.stringify(c.settings)} ${JSON.stringify(hostCapabilities)}`;
      let id = Object.keys(group.entries).find((key) => (group!.entries[key] as { key: string }).key === settingsKey);
      if (!id) {
        id = `${file.policy}-${Object.keys(group.entries).length}`;
        const module = builtModulePath(file.policy);
        const { contextAwareResources } = readPolicyMetadata(readFileSync(module));
        group.entries[id] = { key: settingsKey, module: pathToFileURL(module).href, settings: c.settings ?? {}, allowedToMutate: true, contextAwareResources, hostCapabilities };
      }
      group.cases.push({ policy: file.policy, id, case: c });
    }
  }
  return [...groups.values()];
}

const groups = planCases();
const plain = groups.find((g) => !g.cluster)!;
let dir: string;
let server: TestServer;

/** Starts the server of a group; `key` only groups entries and is not part of policies.yml. */
async function serveGroup(group: ServedGroup, name: string, extra: Record<string, unknown> = {}): Promise<TestServer> {
  const entries = Object.fromEntries(Object.entries({ ...group.entries, ...extra }).map(([id, { key: _key, ...entry }]: [string, any]) => [id, entry]));
  const groupDir = join(dir, name);
  mkdirSync(groupDir);
  writeFileSync(join(groupDir, "policies.yml"), stringify(entries));
  return startTestServer({
    distDir: groupDir, configPath: join(groupDir, "policies.yml"), watch: false,
    kubernetes: group.cluster ? asyncCluster(group.cluster) : undefined,
  });
}

async function expectServedAsCase(target: TestServer, { id, case: c }: ServedCase): Promise<void> {
  const reply = await target.client.post(`/validate/${id}`, admissionReview(c.request!));
  expect(reply.status).toBe(200);
  const review = reply.json();
  expect(review).toMatchObject({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview" });
  const response = review.response;
  expect(response.uid).toBe(c.request!.uid);
  expect(response.allowed).toBe(c.expect.allowed);
  if (c.expect.message !== undefined) expect(response.status?.message).toMatch(new RegExp(c.expect.message));
  if (c.expect.code !== undefined) expect(response.status?.code).toBe(c.expect.code);
  if (c.expect.patch === "none") expect(response.patch).toBeUndefined();
  if (Array.isArray(c.expect.patch)) expect(JSON.parse(Buffer.from(response.patch, "base64").toString())).toEqual(c.expect.patch);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-serve-fixtures-"));
  server = await serveGroup(plain, "plain", {
    "run-as-non-root-mutating": { module: builtModulePath("run-as-non-root"), settings: { mutate: true }, allowedToMutate: true },
    "run-as-non-root-not-allowed": { module: builtModulePath("run-as-non-root"), settings: { mutate: true }, allowedToMutate: false },
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("fixture cases over HTTPS", () => {
  it("covers every policy that has fixtures", () => {
    expect(caseFiles.length).toBeGreaterThan(0);
    expect(new Set(groups.flatMap((g) => g.cases.map((c) => c.policy))).size).toBe(caseFiles.length);
    expect(server.policies.problems).toEqual([]);
  });

  it.each(plain.cases.map((c) => [`${c.policy}: ${c.case.name}`, c] as const))("%s", async (_name, served) => {
    await expectServedAsCase(server, served);
  });
});

describe.each(groups.filter((g) => g.cluster).map((g, i) => [`cluster ${i + 1} (${g.cluster!.length} objects)`, g] as const))(
  "context-aware fixture cases over HTTPS, %s",
  (name, group) => {
    let clusterServer: TestServer;
    beforeAll(async () => {
      clusterServer = await serveGroup(group, name.replace(/\W+/g, "-"));
    });
    afterAll(async () => {
      await clusterServer?.close();
    });

    it.each(group.cases.map((c) => [`${c.policy}: ${c.case.name}`, c] as const))("%s", async (_name, served) => {
      await expectServedAsCase(clusterServer, served);
    });
  },
);

describe("mutation", () => {
  const rootPod = () => podRequest("mutate-1", { app: "web" });

  it("answers a mutation with a base64 JSONPatch that fixes the object", async () => {
    const request = rootPod();
    const response = (await server.client.post("/validate/run-as-non-root-mutating", admissionReview(request))).json().response;
    expect(response).toMatchObject({ uid: "mutate-1", allowed: true, patchType: "JSONPatch" });
    const ops = JSON.parse(Buffer.from(response.patch, "base64").toString());
    expect(ops.length).toBeGreaterThan(0);
    const patched = applyPatch(request.object, ops) as { spec: { securityContext?: { runAsNonRoot?: boolean } } };
    expect(patched.spec.securityContext?.runAsNonRoot).toBe(true);
  });

  it("rejects a mutation from a policy that is not allowed to mutate, with policy-server's message", async () => {
    const response = (await server.client.post("/validate/run-as-non-root-not-allowed", admissionReview(rootPod()))).json().response;
    expect(response.allowed).toBe(false);
    expect(response.patch).toBeUndefined();
    expect(response.status.message).toBe(
      "Request rejected by policy run-as-non-root-not-allowed. The policy attempted to mutate the request, but it is currently configured to not allow mutations.",
    );
  });
});
