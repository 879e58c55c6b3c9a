// The report `wardenkit apply --wait` prints when a policy stays pending: its conditions and
// the state of its PolicyServer and Deployment. This one case runs against the in-test
// imitation of the API server (test/support/kube-api-server.ts), because it needs a
// PolicyServer object and deploy/crds ships only the policy CRDs, not the PolicyServer CRD
// of Kubewarden's controller chart; everything else apply does is tested on the real API
// server in apply.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { stringify } from "yaml";
import { startKubeApiServer, type KubeApiServer } from "../support/kube-api-server.ts";
import { runWardenkit } from "../support/run-command.ts";

const GROUP = "/apis/policies.kubewarden.io/v1";
const policy = {
  apiVersion: "policies.kubewarden.io/v1",
  kind: "ClusterAdmissionPolicy",
  metadata: { name: "required-labels" },
  // A module that cannot be reached, so that no settings check runs.
  spec: { module: "registry://127.0.0.1:1/policies/none:v1", rules: [], mutating: false, settings: {} },
};

let server: KubeApiServer;
let work: string;
beforeEach(async () => {
  server = await startKubeApiServer();
  work = mkdtempSync(join(tmpdir(), "wardenkit-apply-report-"));
});
afterEach(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

it("on timeout prints the policy's conditions and the policy server's state", async () => {
  server.discovery("policies.kubewarden.io/v1", [
    { name: "clusteradmissionpolicies", kind: "ClusterAdmissionPolicy", namespaced: false },
    { name: "policyservers", kind: "PolicyServer", namespaced: false },
  ]);
  server.discovery("apps/v1", [{ name: "deployments", kind: "Deployment", namespaced: true }]);
  server.route("PATCH", `${GROUP}/clusteradmissionpolicies/:name`, (req) => ({ body: JSON.parse(req.body) }));
  server.route("GET", `${GROUP}/clusteradmissionpolicies/:name`, () => ({
    body: {
      ...policy,
      status: { policyStatus: "pending", conditions: [{ type: "PolicyActive", status: "False", reason: "PolicyServerNotReady", message: "policy server default is not ready" }] },
    },
  }));
  server.route("GET", `${GROUP}/policyservers/:name`, (_req, { name }) => ({
    body: {
      apiVersion: "policies.kubewarden.io/v1", kind: "PolicyServer", metadata: { name },
      status: { conditions: [{ type: "DeploymentReconciled", status: "True", reason: "ReconciliationSucceeded" }] },
    },
  }));
  server.route("GET", "/apis/apps/v1/namespaces/:namespace/deployments/:name", (_req, { namespace, name }) => ({
    body: {
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace }, spec: { replicas: 1 },
      status: { replicas: 1, readyReplicas: 0, conditions: [{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." }] },
    },
  }));
  const file = join(work, "cap.yaml");
  writeFileSync(file, stringify(policy));

  const result = await runWardenkit(["apply", file, "--timeout", "2s"], { env: { ...process.env, KUBECONFIG: server.writeKubeconfig(work) } });

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
  expect(server.requests.map((r) => `${r.method} ${r.path}`).filter((r) => !r.endsWith("/clusteradmissionpolicies/required-labels"))).toEqual([
    `GET ${GROUP}`,
    `GET ${GROUP}/policyservers/default`,
    "GET /apis/apps/v1",
    "GET /apis/apps/v1/namespaces/kubewarden/deployments/policy-server-default",
  ]);
});
