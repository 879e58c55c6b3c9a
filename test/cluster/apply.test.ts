// `wardenkit apply` and `wardenkit delete`, run as a user runs them, against the run's real
// kube-apiserver with Kubewarden's policy CRDs from deploy/crds. No Kubewarden controller
// runs here, so where a test needs a policy's status to move, the test writes the status
// through the status subresource as the controller would.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ApiException, CustomObjectsApi, type KubernetesObject, type KubernetesObjectApi } from "@kubernetes/client-node";
import { freePort, startRegistry } from "../support/registry.ts";
import { builtModulePath } from "../support/policies.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { adminRequest, clusterUser, realKubeApiServer, type KubeApiServerState } from "../support/real-kube-api-server.ts";
import { pidsFile, startOnFreePorts, stopProcesses } from "../../tools/kube-control-plane.ts";
import { createNamespace, ensure, installPolicyCrds, objectApi } from "../support/cluster-objects.ts";
import { runWardenkit } from "../support/run-command.ts";
import { PROJECT } from "../support/project.ts";
import { sleep, until } from "../support/until.ts";

const GROUP = "policies.kubewarden.io";
/** apply's note when a registry module could not be pulled and dist/ had it. */
const distNote = (policy: string, module: string) =>
  new RegExp(`${policy}: settings accepted by ${PROJECT.root}/dist/${module}\\.wasm \\(the registry could not be reached: [^\\n]+\\)\\n`);

function requiredLabels(name = "required-labels", settings: object = { requiredLabels: ["app", "owner"] }) {
  return {
    apiVersion: "policies.kubewarden.io/v1",
    kind: "ClusterAdmissionPolicy",
    metadata: { name },
    spec: {
      module: "registry://kind-registry:5000/policies/required-labels:v0.1.0",
      rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE", "UPDATE"] }],
      mutating: false,
      settings,
      namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["wardenkit-e2e"] }] },
    },
  };
}
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

let state: KubeApiServerState;
let work: string;
let kubeconfig: string;
let api: KubernetesObjectApi;
let custom: CustomObjectsApi;

beforeAll(async () => {
  state = await realKubeApiServer();
  work = mkdtempSync(join(tmpdir(), "wardenkit-apply-"));
  const admin = clusterUser(state, work);
  kubeconfig = admin.kubeconfig;
  api = objectApi(admin.kubeConfig);
  custom = admin.kubeConfig.makeApiClient(CustomObjectsApi);
  for (const ns of ["team-a", "team-b"]) await createNamespace(api, ns);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function wardenkit(args: string[], env: Record<string, string> = { KUBECONFIG: kubeconfig }) {
  return runWardenkit(args, { env: { ...process.env, ...env } });
}

function manifest(name: string, ...objects: object[]): string {
  const path = join(work, name);
  writeFileSync(path, objects.map((o) => stringify(o)).join("---\n"));
  return path;
}

async function read(object: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): Promise<KubernetesObject | null> {
  try {
    return await api.read(object);
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return null;
    throw err;
  }
}

/** What the Kubewarden controller would do: write the policy's status. */
async function setStatus(name: string, status: object): Promise<void> {
  const current = await custom.getClusterCustomObject({ group: GROUP, version: "v1", plural: "clusteradmissionpolicies", name });
  await custom.replaceClusterCustomObjectStatus({ group: GROUP, version: "v1", plural: "clusteradmissionpolicies", name, body: { ...current, status } });
}

describe("wardenkit apply without the Kubewarden CRDs", () => {
  // A control plane of its own: the run's shared API server has the policy CRDs installed by
  // other files at any moment, and deleting them there would pull them from under those files.
  let bare: KubeApiServerState;
  let bareDir: string;
  beforeAll(async () => {
    bareDir = mkdtempSync(join(tmpdir(), "wardenkit-apply-bare-"));
    bare = await startOnFreePorts(bareDir, process.pid);
  });
  afterAll(async () => {
    if (existsSync(pidsFile(bareDir))) await stopProcesses(JSON.parse(readFileSync(pidsFile(bareDir), "utf8")) as number[]);
    rmSync(bareDir, { recursive: true, force: true });
  });

  it("says Kubewarden is not installed, and changes nothing", async () => {
    const bareUser = clusterUser(bare, bareDir);
    const result = await wardenkit(["apply", manifest("cap.yaml", requiredLabels())], { KUBECONFIG: bareUser.kubeconfig });
    expect(result.stderr).toBe(
      `wardenkit apply: Kubewarden is not installed in the cluster at ${bare.url}: it does not serve policies.kubewarden.io/v1 (install it with make kind-kubewarden or helm install kubewarden/admission-controller)\n`,
    );
    expect(result.code).toBe(1);
    const policies = await adminRequest(bare.url, bare.dir, "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    expect(JSON.parse(policies.body).items).toEqual([]);
  });
});

describe("wardenkit apply", () => {
  beforeAll(async () => {
    await installPolicyCrds(state, api);
  });

  it("server-side applies every policy as field manager wardenkit, and a second apply changes nothing", async () => {
    const file = manifest("policies.yaml", requiredLabels(), runAsNonRoot);

    const result = await wardenkit(["apply", file, "-n", "team-a"]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(distNote("ClusterAdmissionPolicy required-labels", "required-labels"));
    expect(result.stdout).toMatch(distNote("AdmissionPolicy team-a/run-as-non-root", "run-as-non-root"));
    expect(result.stdout).toMatch(/ClusterAdmissionPolicy required-labels applied\nAdmissionPolicy team-a\/run-as-non-root applied\n$/);
    const cap = (await read(requiredLabels()))!;
    const ap = (await read({ ...runAsNonRoot, metadata: { name: "run-as-non-root", namespace: "team-a" } }))!;
    for (const object of [cap, ap]) {
      expect(object.metadata?.managedFields?.map((f) => [f.manager, f.operation])).toEqual([["wardenkit", "Apply"]]);
    }
    expect((cap as { spec: unknown }).spec).toMatchObject(requiredLabels().spec);

    const again = await wardenkit(["apply", file, "-n", "team-a"]);
    expect(again.code).toBe(0);
    expect((await read(requiredLabels()))!.metadata?.resourceVersion).toBe(cap.metadata?.resourceVersion);
  });

  it("puts namespaced policies without a namespace into the context's namespace", async () => {
    const inTeamB = clusterUser(state, work, "admin", ["system:masters"], "team-b").kubeconfig;
    const result = await wardenkit(["apply", manifest("ap.yaml", runAsNonRoot)], { KUBECONFIG: inTeamB });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("AdmissionPolicy team-b/run-as-non-root applied\n");
    expect(await read({ ...runAsNonRoot, metadata: { name: "run-as-non-root", namespace: "team-b" } })).not.toBeNull();
  });

  it("waits through pending until active as the controller sets the status, showing each change", async () => {
    const policy = requiredLabels("waited");
    const applying = wardenkit(["apply", manifest("waited.yaml", policy), "--wait", "--timeout", "30s"]);
    await until("the policy to be applied", () => read(policy));
    await sleep(1500);
    await setStatus("waited", { policyStatus: "pending" });
    await sleep(1500);
    await setStatus("waited", { policyStatus: "active" });

    const result = await applying;

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp([
      "ClusterAdmissionPolicy waited applied",
      "… ClusterAdmissionPolicy waited: no status yet \\(0s\\)",
      "… ClusterAdmissionPolicy waited: pending \\(\\ds\\)",
      "✓ ClusterAdmissionPolicy waited: active \\(\\ds\\)",
      "all 1 policies active",
      "",
    ].join("\n")));
  });

  it("on timeout without a controller says what is missing: a status, the PolicyServer CRD, the policy server", async () => {
    const result = await wardenkit(["apply", manifest("lonely.yaml", requiredLabels("lonely")), "--timeout", "2s"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe("wardenkit apply: 1 of 1 policies not active after 2s (1 without any status: no Kubewarden controller has reconciled them)\n");
    expect(result.stdout).toContain([
      "ClusterAdmissionPolicy lonely is no status yet:",
      "  no Kubewarden controller has written its status: is the controller installed and running?",
      "  conditions:",
      "    (no conditions reported)",
      "  policy server default:",
      `    cannot read PolicyServer default: the cluster at ${state.url} does not serve PolicyServer in policies.kubewarden.io/v1: the PolicyServer CRD is not installed, so no Kubewarden controller runs there (only the policy CRDs are installed)`,
      "    deployment kubewarden/policy-server-default does not exist",
      "",
    ].join("\n"));
  });

  it("refuses settings the policy's own module rejects, before applying anything", async () => {
    const bad = requiredLabels("bad-settings", { requiredLabels: ["not a key!"] });
    const result = await wardenkit(["apply", manifest("bad.yaml", bad)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(
      `^wardenkit apply: nothing applied: ClusterAdmissionPolicy bad-settings: settings rejected by ${PROJECT.root}/dist/required-labels\\.wasm \\(the registry could not be reached: .*\\): .*not a key!.*\n$`,
    ));
    expect(await read(bad)).toBeNull();
  });

  it("checks settings with the module pulled from the registry the manifest names", async () => {
    const registry = await startRegistry();
    try {
      // A repository name dist/ has no module for, so only the registry can answer.
      const module = `registry://${registry.host}/policies/labels-from-registry:v1`;
      await pushPolicy(readFileSync(builtModulePath("required-labels")), module.replace("registry://", ""));
      const withModule = (name: string, settings: object) => ({ ...requiredLabels(name, settings), spec: { ...requiredLabels(name, settings).spec, module } });

      const bad = await wardenkit(["apply", manifest("registry-bad.yaml", withModule("registry-bad", { requiredLabels: ["not a key!"] }))]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(new RegExp(`^wardenkit apply: nothing applied: ClusterAdmissionPolicy registry-bad: settings rejected by ${module}: .*not a key!.*\n$`));

      const good = await wardenkit(["apply", manifest("registry-good.yaml", withModule("registry-good", { requiredLabels: ["app"] }))]);
      expect(good.stderr).toBe("");
      expect(good.stdout).toBe("ClusterAdmissionPolicy registry-good applied\n");
    } finally {
      await registry.stop();
    }
  });

  it("says when settings cannot be checked because the module cannot be reached", async () => {
    const unknown = { ...requiredLabels("unreachable-module"), spec: { ...requiredLabels().spec, module: "registry://kind-registry:5000/policies/not-built-here:v1" } };
    const result = await wardenkit(["apply", manifest("unreachable.yaml", unknown)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ClusterAdmissionPolicy unreachable-module: settings not checked, its module cannot be reached: .+\nClusterAdmissionPolicy unreachable-module applied\n$/);
  });

  it("names the field the API server rejects: one the schema does not declare, or a value it does not allow", async () => {
    const typo = { ...requiredLabels("typo"), spec: { ...requiredLabels().spec, mutatting: true } };
    const undeclared = await wardenkit(["apply", manifest("typo.yaml", typo)]);
    expect(undeclared.code).toBe(1);
    expect(undeclared.stderr).toBe("wardenkit apply: the API server rejected clusteradmissionpolicies/typo: field spec.mutatting: field not declared in schema\n");
    expect(await read(typo)).toBeNull();

    const badMode = { ...requiredLabels("bad-mode"), spec: { ...requiredLabels().spec, mode: "enforce" } };
    const invalid = await wardenkit(["apply", manifest("bad-mode.yaml", badMode)]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toBe(
      'wardenkit apply: the API server rejected clusteradmissionpolicies/bad-mode: field spec.mode: Unsupported value: "enforce": supported values: "protect", "monitor"\n',
    );
  });

  it("names the verb and resource when RBAC forbids the apply", async () => {
    // dev may read policies but not change them.
    await ensure(api, {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "policy-reader" },
      rules: [{ apiGroups: [GROUP], resources: ["clusteradmissionpolicies"], verbs: ["get", "list"] }],
    } as KubernetesObject);
    await ensure(api, {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "dev-reads-policies" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "policy-reader" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "dev" }],
    } as KubernetesObject);
    const dev = clusterUser(state, work, "dev", ["developers"]).kubeconfig;

    const result = await wardenkit(["apply", manifest("cap.yaml", requiredLabels())], { KUBECONFIG: dev });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'wardenkit apply: not allowed to apply clusteradmissionpolicies/required-labels: clusteradmissionpolicies.policies.kubewarden.io "required-labels" is forbidden: ' +
      'User "dev" cannot patch resource "clusteradmissionpolicies" in API group "policies.kubewarden.io" at the cluster scope\n',
    );
  });

  it("takes the cluster from --kubeconfig over KUBECONFIG, as serve does", async () => {
    const dev = clusterUser(state, work, "dev-flag", ["developers"]).kubeconfig;
    const file = manifest("cap.yaml", requiredLabels());
    const result = await wardenkit(["apply", file, "--kubeconfig", dev], { KUBECONFIG: kubeconfig });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('User "dev-flag" cannot patch resource "clusteradmissionpolicies"');
    const missing = join(work, "no-such-file");
    expect(await wardenkit(["delete", file, "--kubeconfig", missing])).toMatchObject({ code: 1, stderr: `wardenkit delete: --kubeconfig ${missing}: no such file\n` });
  });

  it("reports a missing kubeconfig, an unreachable server and a manifest that is not a policy in one sentence", async () => {
    const file = manifest("cap.yaml", requiredLabels());
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
  });

  it("rejects a malformed --timeout as a usage error", async () => {
    const result = await wardenkit(["apply", manifest("cap.yaml", requiredLabels()), "--timeout", "soon"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("invalid duration 'soon'");
  });
});

describe("wardenkit delete", () => {
  it("deletes each policy, tolerates missing ones and waits until they are gone", async () => {
    const doomed = requiredLabels("doomed");
    await wardenkit(["apply", manifest("doomed.yaml", doomed)]);
    expect(await read(doomed)).not.toBeNull();

    const missing = { ...runAsNonRoot, metadata: { name: "never-applied" } };
    const result = await wardenkit(["delete", manifest("delete.yaml", doomed, missing), "-n", "team-a", "--wait"]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp([
      "ClusterAdmissionPolicy doomed deleted",
      "AdmissionPolicy team-a/never-applied not found",
      "✓ ClusterAdmissionPolicy doomed: absent \\(\\ds\\)",
      "",
    ].join("\n")));
    expect(await read(doomed)).toBeNull();
  });
});
