// The Kind workflow without a Docker engine: the scripts pass shellcheck, the prerequisite
// checks name what is missing, and `make kind-e2e DRY_RUN=1` prints every command it would
// run, in order, on a PATH without docker, kind, helm, kubectl or npm.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { PROJECT } from "../support/project.ts";
import { runCommand } from "../support/run-command.ts";

const execFileAsync = promisify(execFile);
const SCRIPTS = join(PROJECT.root, "scripts", "kind");
const DEPLOY = join(PROJECT.folders.deploy, "kind");
const POLICIES = PROJECT.policies.map((p) => p.name);
const POLICY_SET = join(PROJECT.folders.deploy, "policy-set");
const POLICY_SET_FILES = readdirSync(POLICY_SET).filter((f) => f.endsWith(".yaml")).sort();
// What the scripts themselves need besides the cluster tools.
const BASIC_TOOLS = ["bash", "env", "make", "node", "sed", "grep", "mktemp", "rm", "dirname", "cat"];

let bareBin: string;
beforeAll(async () => {
  bareBin = mkdtempSync(join(tmpdir(), "wardenkit-bare-path-"));
  for (const tool of BASIC_TOOLS) {
    const { stdout } = await execFileAsync("bash", ["-c", `command -v ${tool}`]);
    symlinkSync(stdout.trim(), join(bareBin, tool));
  }
});
afterAll(() => rmSync(bareBin, { recursive: true, force: true }));

/** Runs with a PATH holding only the tools linked into bareBin. */
function runBare(command: string, args: string[], env: Record<string, string> = {}) {
  return runCommand(command, args, { env: { PATH: bareBin, HOME: tmpdir(), ...env } });
}

describe("scripts/kind", () => {
  it("passes shellcheck", async () => {
    const scripts = readdirSync(SCRIPTS).filter((f) => f.endsWith(".sh")).map((f) => join(SCRIPTS, f));
    expect(scripts.length).toBeGreaterThanOrEqual(6);
    const { stdout, stderr } = await execFileAsync("shellcheck", ["--external-sources", ...scripts]);
    expect(stdout + stderr).toBe("");
  });

  it("stops before doing anything when a tool is missing, naming it and how to get it", async () => {
    const result = await runBare(join(SCRIPTS, "up.sh"), []);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: docker is not installed; install Docker Engine: https://docs.docker.com/engine/install/\n");
    expect(result.stderr).toContain("error: kind is not installed; install kind: go install sigs.k8s.io/kind@latest");
    expect(result.stderr).toContain("error: kubectl is not installed; install kubectl: https://kubernetes.io/docs/tasks/tools/");
    expect(result.stderr).not.toContain("==>");
  });
});

describe("make kind-e2e DRY_RUN=1", () => {
  let output: string;
  let commands: string[];
  beforeAll(async () => {
    const result = await runBare("make", ["--no-print-directory", "-f", "mk/kind.mk", "kind-e2e", "DRY_RUN=1"]);
    expect(result.code, result.stderr).toBe(0);
    output = result.stdout + result.stderr;
    commands = output.split("\n").filter((l) => l.startsWith("+ ")).map((l) => l.slice(2));
  });

  /** Asserts that each command appears, in this order (other commands may come between). */
  function expectInOrder(expected: (string | RegExp)[]): void {
    let from = 0;
    for (const want of expected) {
      const at = commands.findIndex((c, i) => i >= from && (typeof want === "string" ? c === want : want.test(c)));
      expect(at, `${want} after command ${from} in:\n${commands.join("\n")}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
  }

  it("only warns about the missing tools", () => {
    for (const tool of ["docker", "kind", "helm", "kubectl", "npm"]) expect(output).toContain(`warning: ${tool} is not installed`);
  });

  it("brings up the registry and the cluster the way Kind documents", () => {
    expectInOrder([
      "docker inspect -f '{{.State.Running}}' kind-registry",
      "docker run -d --restart=always -p 127.0.0.1:5001:5000 --network bridge --name kind-registry registry:2",
      "kind get clusters",
      `kind create cluster --name wardenkit --config ${DEPLOY}/cluster.yaml --wait 120s`,
      "kind get nodes --name wardenkit",
      "docker exec wardenkit-control-plane mkdir -p /etc/containerd/certs.d/localhost:5001",
      "docker exec -i wardenkit-control-plane cp /dev/stdin /etc/containerd/certs.d/localhost:5001/hosts.toml",
      "docker exec -i wardenkit-worker cp /dev/stdin /etc/containerd/certs.d/localhost:5001/hosts.toml",
      "docker network connect kind kind-registry",
      `kubectl --context kind-wardenkit apply -f ${DEPLOY}/local-registry-hosting.yaml`,
    ]);
    expect(output).toContain(`  < ${DEPLOY}/containerd-hosts.toml`);
  });

  it("installs Kubewarden with the admission-controller chart and waits for the policy server", () => {
    expectInOrder([
      "helm repo add kubewarden https://charts.kubewarden.io --force-update",
      "helm repo update kubewarden",
      "helm upgrade --install --wait --timeout 10m --kube-context kind-wardenkit --namespace kubewarden --create-namespace"
        + ` --version 6.0.2 --values ${DEPLOY}/kubewarden-values.yaml admission-controller kubewarden/admission-controller`,
      `kubectl --context kind-wardenkit apply -f ${DEPLOY}/policy-server-node-reader.yaml`,
      "kubectl --context kind-wardenkit -n kubewarden wait --for=create deployment/policy-server-default --timeout=300s",
      "kubectl --context kind-wardenkit -n kubewarden rollout status deployment/policy-server-default --timeout=300s",
    ]);
  });

  it("builds, publishes, installs the SQLClaim CRD and applies the policy set with modules from kind-registry:5000", () => {
    expectInOrder([
      "npm run build",
      "npx wardenkit publish --registry localhost:5001/policies",
      `kubectl --context kind-wardenkit apply -f ${DEPLOY}/sqlclaim-crd.yaml`,
      `kubectl --context kind-wardenkit apply -f ${DEPLOY}/e2e/namespace.yaml`,
      ...POLICY_SET_FILES.map((f) => `sed 's#registry://ghcr.io/wardenkit/policies/#registry://kind-registry:5000/policies/#' ${POLICY_SET}/${f}`),
      "kubectl config use-context kind-wardenkit",
      `npx wardenkit apply ${PROJECT.root}/build/kind/manifests --wait --timeout 300s`,
    ]);
    for (const f of POLICY_SET_FILES) expect(output).toContain(`  > ${PROJECT.root}/build/kind/manifests/${f}`);
  });

  it("applies a set whose modules are the published versions of this project's policies, every one of them", () => {
    const version = PROJECT.version;
    const modules = POLICY_SET_FILES.flatMap((f) => [...readFileSync(join(POLICY_SET, f), "utf8").matchAll(/module: (\S+)/g)].map((m) => m[1]));
    const published = (p: string) => `registry://ghcr.io/wardenkit/policies/${p}:v${version}`;
    for (const p of POLICIES) expect(modules, `no manifest of deploy/policy-set uses ${published(p)}: add deploy/policy-set/${p}.yaml`).toContain(published(p));
    expect(new Set(modules)).toEqual(new Set(POLICIES.map(published)));
  });

  it("sends the e2e objects of the policy set's suite and checks what the suite expects, then pod-density", () => {
    const create = (file: string) => `kubectl --context kind-wardenkit create -f ${DEPLOY}/e2e/${file} --dry-run=server`;
    expectInOrder([
      create("pod-labelled.yaml"),
      create("pod-unlabelled.yaml"),
      create("deployment-non-root.yaml"),
      create("deployment-root.yaml"),
      create("sqlclaim-small.yaml"),
      create("sqlclaim-large.yaml"),
      "kubectl --context kind-wardenkit get nodes -l wardenkit.dev/pod-density=limited -o 'jsonpath={.items[0].metadata.name}'",
      "kubectl --context kind-wardenkit get pods -A --field-selector spec.nodeName=wardenkit-worker -o name",
      /^kubectl --context kind-wardenkit create -f \S+\/density-3\.yaml$/,
      /^kubectl --context kind-wardenkit create -f \S+\/density-over\.yaml --dry-run=server$/,
      /^kubectl --context kind-wardenkit create -f \S+\/density-scheduled\.yaml$/,
      /get events --field-selector involvedObject\.name=density-scheduled,reason=FailedScheduling/,
    ]);
    expect(output).toMatch(/CHECK +WEBHOOK +EXPECT +RESULT +GOT\n/);
    for (const [check, webhook, expected] of [
      ["e2e pod without labels", "clusterwide-required-labels", "deny"],
      ["e2e root Deployment is refused by the group, with each denied member as a cause", "clusterwide-group-workload-security", "deny"],
      ["e2e small SQLClaim", "-", "allow"],
      ["e2e large SQLClaim is only reported (monitor mode)", "-", "allow"],
      ["pod 4 on wardenkit-worker (spec.nodeName)", "clusterwide-pod-density", "deny"],
    ]) expect(output).toMatch(new RegExp(`${check.replace(/[()]/g, "\\$&")} +${webhook} +${expected} +- +\\(dry run\\)`));
    expect(output).toContain("9 checks, 0 failed (dry run: nothing was sent)");
  });
});

describe("deploy/kind", () => {
  it("wires one registry name through the cluster config, containerd, Helm values and RBAC", () => {
    const cluster = parse(readFileSync(join(DEPLOY, "cluster.yaml"), "utf8"));
    expect(cluster.containerdConfigPatches[0]).toContain('config_path = "/etc/containerd/certs.d"');
    expect(cluster.nodes[1].labels).toEqual({ "wardenkit.dev/pod-density": "limited" });
    expect(readFileSync(join(DEPLOY, "containerd-hosts.toml"), "utf8")).toContain('[host."http://kind-registry:5000"]');
    expect(parse(readFileSync(join(DEPLOY, "kubewarden-values.yaml"), "utf8")).policyServer.insecureSources).toEqual(["kind-registry:5000"]);
    const [role, binding] = parseAllDocuments(readFileSync(join(DEPLOY, "policy-server-node-reader.yaml"), "utf8")).map((d) => d.toJS());
    expect(role.rules).toEqual([{ apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] }]);
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "policy-server", namespace: "kubewarden" }]);
    const crd = parse(readFileSync(join(DEPLOY, "sqlclaim-crd.yaml"), "utf8"));
    expect([crd.spec.group, crd.spec.names.kind, crd.spec.versions[0].name]).toEqual(["devopstoolkitseries.com", "SQLClaim", "v1alpha1"]);
  });
});
