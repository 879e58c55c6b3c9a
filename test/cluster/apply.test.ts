// `wardenkit apply` and `wardenkit delete`, run as a user runs them, against a fake
// Kubernetes API server that checks the exact requests.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { freePort } from "../support/registry.ts";
import { startKubeApiServer, statusBody, type KubeApiServer } from "../support/kube-api-server.ts";
import { runWardenkit } from "../support/run-command.ts";

const GROUP = "/apis/policies.kubewarden.io/v1";
const CAP_PATH = `${GROUP}/clusteradmissionpolicies/:name`;
const APPLY_QUERY = { fieldManager: "wardenkit", force: "true" };
const APPLY_CONTENT_TYPE = "application/apply-patch+yaml";

const requiredLabels = {
  apiVersion: "policies.kubewarden.io/v1",
  kind: "ClusterAdmissionPolicy",
  metadata: { name: "required-labels" },
  spec: {
    module: "registry://kind-registry:5000/policies/required-labels:v0.1.0",
    rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE", "UPDATE"] }],
    mutating: false,
    settings: { requiredLabels: ["app", "owner"] },
    namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["wardenkit-e2e"] }] },
  },
};
const runAsNonRoot = {
  apiVersion: "policies.kubewarden.io/v1",
  kind: "AdmissionPolicy",
  metadata: { name: "run-as-non-root" },
  spec: {
    module: "registry://kind-registry:5000/policies/run-as-non-root:v0.1.0",
    rules: [{ apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments"], operations: ["CREATE"] }],
    mutating: false,
    settings: {},
  },
};

let server: KubeApiServer;
let work: string;
let kubeconfig: string;
beforeEach(async () => {
  server = await startKubeApiServer();
  work = mkdtempSync(join(tmpdir(), "wardenkit-apply-"));
  kubeconfig = server.writeKubeconfig(work);
});
afterEach(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

function wardenkit(args: string[], env: Record<string, string> = { KUBECONFIG: kubeconfig }) {
  return runWardenkit(args, { env: { ...process.env, ...env } });
}

function manifest(name: string, ...objects: object[]): string {
  const path = join(work, name);
  writeFileSync(path, objects.map((o) => stringify(o)).join("---\n"));
  return path;
}

function servePolicyGroup(): void {
  server.discovery("policies.kubewarden.io/v1", [
    { name: "clusteradmissionpolicies", kind: "ClusterAdmissionPolicy", namespaced: false },
    { name: "admissionpolicies", kind: "AdmissionPolicy", namespaced: true },
    { name: "policyservers", kind: "PolicyServer", namespaced: false },
  ]);
}

/** Answers a server-side apply with the object as sent plus the given status. */
function echoApply(status: object = {}) {
  return (req: { body: string }) => ({ body: { ...JSON.parse(req.body), status } });
}

/** Serves GETs of a ClusterAdmissionPolicy walking through `statuses`, then staying on the last. */
function serveStatuses(statuses: object[]): void {
  let calls = 0;
  server.route("GET", CAP_PATH, () => ({ body: { ...requiredLabels, status: statuses[Math.min(calls++, statuses.length - 1)] } }));
}

const summaryOf = (s: KubeApiServer) => s.requests.map((r) => `${r.method} ${r.path}`);

describe("wardenkit apply", () => {
  it("server-side applies every policy with fieldManager wardenkit and force", async () => {
    servePolicyGroup();
    server.route("PATCH", CAP_PATH, echoApply());
    server.route("PATCH", `${GROUP}/namespaces/:namespace/admissionpolicies/:name`, echoApply());
    const file = manifest("policies.yaml", requiredLabels, runAsNonRoot);

    const result = await wardenkit(["apply", file, "-n", "team-a"]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("ClusterAdmissionPolicy required-labels applied\nAdmissionPolicy team-a/run-as-non-root applied\n");
    expect(summaryOf(server)).toEqual([
      `GET ${GROUP}`,
      `PATCH ${GROUP}/clusteradmissionpolicies/required-labels`,
      `PATCH ${GROUP}/namespaces/team-a/admissionpolicies/run-as-non-root`,
    ]);
    const [, cap, ap] = server.requests;
    for (const patch of [cap, ap]) {
      expect(patch.query).toEqual(APPLY_QUERY);
      expect(patch.contentType).toBe(APPLY_CONTENT_TYPE);
      expect(patch.authorization).toBe(`Bearer ${server.token}`);
    }
    expect(JSON.parse(cap.body)).toEqual(requiredLabels);
    expect(JSON.parse(ap.body)).toEqual({ ...runAsNonRoot, metadata: { name: "run-as-non-root", namespace: "team-a" } });
  });

  it("puts namespaced policies without a namespace into the context's namespace", async () => {
    servePolicyGroup();
    server.route("PATCH", `${GROUP}/namespaces/:namespace/admissionpolicies/:name`, echoApply());
    const result = await wardenkit(["apply", manifest("ap.yaml", runAsNonRoot)], { KUBECONFIG: server.writeKubeconfig(work, { namespace: "team-b" }) });
    expect(result.code).toBe(0);
    expect(summaryOf(server)).toEqual([`GET ${GROUP}`, `PATCH ${GROUP}/namespaces/team-b/admissionpolicies/run-as-non-root`]);
  });

  it("waits through pending until active, showing each change", async () => {
    servePolicyGroup();
    server.route("PATCH", CAP_PATH, echoApply());
    serveStatuses([{}, { policyStatus: "pending" }, { policyStatus: "pending" }, { policyStatus: "active" }]);

    const result = await wardenkit(["apply", manifest("cap.yaml", requiredLabels), "--wait", "--timeout", "30s"]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp([
      "ClusterAdmissionPolicy required-labels applied",
      "… ClusterAdmissionPolicy required-labels: no status yet \\(0s\\)",
      "… ClusterAdmissionPolicy required-labels: pending \\(\\ds\\)",
      "✓ ClusterAdmissionPolicy required-labels: active \\(\\ds\\)",
      "all 1 policies active",
      "",
    ].join("\n")));
    expect(summaryOf(server)).toEqual([
      `GET ${GROUP}`,
      `PATCH ${GROUP}/clusteradmissionpolicies/required-labels`,
      ...Array(4).fill(`GET ${GROUP}/clusteradmissionpolicies/required-labels`),
    ]);
  });

  it("on timeout prints the policy's conditions and the policy server's state", async () => {
    servePolicyGroup();
    server.discovery("apps/v1", [{ name: "deployments", kind: "Deployment", namespaced: true }]);
    server.route("PATCH", CAP_PATH, echoApply());
    serveStatuses([{
      policyStatus: "pending",
      conditions: [{ type: "PolicyActive", status: "False", reason: "PolicyServerNotReady", message: "policy server default is not ready" }],
    }]);
    server.route("GET", `${GROUP}/policyservers/:name`, ({ path }) => ({
      body: {
        apiVersion: "policies.kubewarden.io/v1", kind: "PolicyServer", metadata: { name: path.split("/").pop() },
        status: { conditions: [{ type: "DeploymentReconciled", status: "True", reason: "ReconciliationSucceeded" }] },
      },
    }));
    server.route("GET", "/apis/apps/v1/namespaces/:namespace/deployments/:name", (_req, { namespace, name }) => ({
      body: {
        apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace }, spec: { replicas: 1 },
        status: { replicas: 1, readyReplicas: 0, conditions: [{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." }] },
      },
    }));

    const result = await wardenkit(["apply", manifest("cap.yaml", requiredLabels), "--timeout", "2s"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe("wardenkit apply: 1 of 1 policies not active after 2s\n");
    expect(result.stdout).toContain([
      "ClusterAdmissionPolicy required-labels is pending:",
      "  conditions:",
      "    PolicyActive=False (PolicyServerNotReady): policy server default is not ready",
      "  policy server default:",
      "    DeploymentReconciled=True (ReconciliationSucceeded)",
      "    deployment kubewarden/policy-server-default: 0/1 replicas ready, 0 available",
      "      Available=False (MinimumReplicasUnavailable): Deployment does not have minimum availability.",
      "",
    ].join("\n"));
    const tail = summaryOf(server).filter((r) => !r.endsWith("/clusteradmissionpolicies/required-labels"));
    expect(tail).toEqual([
      `GET ${GROUP}`,
      `GET ${GROUP}/policyservers/default`,
      "GET /apis/apps/v1",
      "GET /apis/apps/v1/namespaces/kubewarden/deployments/policy-server-default",
    ]);
  });

  it("says Kubewarden is not installed when the API group is not served, and changes nothing", async () => {
    const result = await wardenkit(["apply", manifest("cap.yaml", requiredLabels)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `wardenkit apply: Kubewarden is not installed in the cluster at ${server.url}: it does not serve policies.kubewarden.io/v1 (install it with make kind-kubewarden or helm install kubewarden/admission-controller)\n`,
    );
    expect(summaryOf(server)).toEqual([`GET ${GROUP}`]);
  });

  it("names the verb and resource when the API server forbids the apply", async () => {
    servePolicyGroup();
    const denial = 'clusteradmissionpolicies.policies.kubewarden.io "required-labels" is forbidden: User "dev" cannot patch resource "clusteradmissionpolicies" in API group "policies.kubewarden.io" at the cluster scope';
    server.route("PATCH", CAP_PATH, () => statusBody(403, "Forbidden", denial));
    const result = await wardenkit(["apply", manifest("cap.yaml", requiredLabels)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`wardenkit apply: not allowed to apply clusteradmissionpolicies/required-labels: ${denial}\n`);
  });

  it("reports a missing kubeconfig, an unreachable server and a manifest that is not a policy in one sentence", async () => {
    const file = manifest("cap.yaml", requiredLabels);
    const missing = join(work, "no-such-kubeconfig");
    expect((await wardenkit(["apply", file], { KUBECONFIG: missing })).stderr).toBe(
      `wardenkit apply: no kubeconfig found at KUBECONFIG (${missing}); create a cluster (make kind-up) or point KUBECONFIG at one\n`,
    );

    const port = await freePort();
    const unreachable = join(work, "unreachable");
    writeFileSync(unreachable, stringify({
      apiVersion: "v1", kind: "Config", "current-context": "gone",
      clusters: [{ name: "gone", cluster: { server: `https://127.0.0.1:${port}`, "insecure-skip-tls-verify": true } }],
      users: [{ name: "gone", user: { token: "x" } }],
      contexts: [{ name: "gone", context: { cluster: "gone", user: "gone" } }],
    }));
    expect((await wardenkit(["apply", file], { KUBECONFIG: unreachable })).stderr).toBe(
      `wardenkit apply: cannot reach the Kubernetes API server at https://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );

    const pod = manifest("pod.yaml", { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } });
    const notPolicy = await wardenkit(["apply", pod]);
    expect(notPolicy.code).toBe(1);
    expect(notPolicy.stderr).toContain(`wardenkit apply: ${pod}: v1 Pod is not a Kubewarden policy`);
    expect(server.requests).toEqual([]);
  });

  it("rejects a malformed --timeout as a usage error", async () => {
    const result = await wardenkit(["apply", manifest("cap.yaml", requiredLabels), "--timeout", "soon"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("invalid duration 'soon'");
  });
});

describe("wardenkit delete", () => {
  it("deletes each policy, tolerates missing ones and waits until they are gone", async () => {
    servePolicyGroup();
    server.route("DELETE", CAP_PATH, () => ({ body: { ...requiredLabels, metadata: { ...requiredLabels.metadata, deletionTimestamp: "2026-01-01T00:00:00Z" } } }));
    server.route("DELETE", `${GROUP}/namespaces/:namespace/admissionpolicies/:name`, () => statusBody(404, "NotFound", "not found"));
    let gets = 0;
    server.route("GET", CAP_PATH, () => (gets++ < 1 ? { body: { ...requiredLabels, status: { policyStatus: "active" } } } : statusBody(404, "NotFound", "gone")));

    const result = await wardenkit(["delete", manifest("policies.yaml", requiredLabels, runAsNonRoot), "-n", "team-a", "--wait"]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp([
      "ClusterAdmissionPolicy required-labels deleted",
      "AdmissionPolicy team-a/run-as-non-root not found",
      "… ClusterAdmissionPolicy required-labels: deleting \\(active\\) \\(0s\\)",
      "✓ ClusterAdmissionPolicy required-labels: absent \\(\\ds\\)",
      "",
    ].join("\n")));
    expect(summaryOf(server)).toEqual([
      `GET ${GROUP}`,
      `DELETE ${GROUP}/clusteradmissionpolicies/required-labels`,
      `DELETE ${GROUP}/namespaces/team-a/admissionpolicies/run-as-non-root`,
      `GET ${GROUP}/clusteradmissionpolicies/required-labels`,
      `GET ${GROUP}/clusteradmissionpolicies/required-labels`,
    ]);
  });
});
