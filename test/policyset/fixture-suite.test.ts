// The suite of fixtures/policy-set against deploy/policy-set, each expectation a test; and
// suite files that are wrong in each way a suite can be, each a clear error.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { runCaseFile } from "../../src/testing/run-cases.ts";
import { spawnSync } from "node:child_process";
import { admissionChecks } from "../../src/policyset/admission-checks.ts";
import { loadSuiteFile } from "../../src/policyset/suite-file.ts";
import { PROJECT } from "../support/project.ts";
import { runWardenkit } from "../support/run-command.ts";

const SUITE = join(PROJECT.folders.fixtures, "policy-set", "suite.yaml");
const DIST = PROJECT.folders.dist;

describe("fixtures/policy-set/suite.yaml", async () => {
  const results = await runCaseFile(SUITE, DIST);
  it("covers pass, fail, skip and warn", () => {
    expect(results.length).toBeGreaterThanOrEqual(30);
  });
  for (const r of results) {
    it(`${r.policy}: ${r.name}`, () => expect(r.failures).toEqual([]));
  }
});

describe("one run of case files and suites", () => {
  it("compiles each module once", async () => {
    const compile = vi.spyOn(PolicyModule, "fromBytes");
    const compiled = new Map();
    await runCaseFile(join(PROJECT.folders.fixtures, "required-labels", "cases.yaml"), DIST, { compiledModules: compiled });
    await runCaseFile(SUITE, DIST, { compiledModules: compiled });
    await runCaseFile(SUITE, DIST, { compiledModules: compiled });
    expect(compile).toHaveBeenCalledTimes(5);
    expect(compiled.size).toBe(5);
    compile.mockRestore();
  });
});

describe("the live checks of make kind-e2e (wardenkit test --admission-checks)", () => {
  const checks = admissionChecks(loadSuiteFile(SUITE)).filter((c) => c.file.includes("/deploy/kind/e2e/"));
  it("are the suite's e2e objects, denied by the webhook of the policy expected to fail", () => {
    expect(checks.map((c) => [c.file.split("/").pop(), c.expected, c.webhook])).toEqual([
      ["pod-labelled.yaml", "allow", ""],
      ["pod-unlabelled.yaml", "deny", "clusterwide-required-labels"],
      ["deployment-non-root.yaml", "allow", ""],
      ["deployment-root.yaml", "deny", "clusterwide-group-workload-security"],
      ["sqlclaim-small.yaml", "allow", ""],
      ["sqlclaim-large.yaml", "allow", ""],
    ]);
  });

  it("have patterns that bash matches against the denials, as e2e.sh does", async () => {
    const results = await runCaseFile(SUITE, DIST);
    for (const c of checks.filter((check) => check.expected === "deny")) {
      const result = results.find((r) => r.name === c.name)!;
      expect(result.passed).toBe(true);
      const message = c.webhook === "clusterwide-required-labels"
        ? "Pod wardenkit-e2e/unlabelled is missing required labels app, owner"
        : "the workload must run as non-root, or carry a security.wardenkit.dev/reviewed-by label";
      expect(spawnSync("bash", ["-c", '[[ "$1" =~ $2 ]]', "_", message, c.pattern]).status, c.pattern).toBe(0);
      expect(spawnSync("bash", ["-c", '[[ "$1" =~ $2 ]]', "_", `x${message}`, c.pattern]).status).toBe(1);
    }
  });
});

const POLICY = `
  - apiVersion: policies.kubewarden.io/v1
    kind: ClusterAdmissionPolicy
    metadata: { name: owner }
    spec:
      module: registry://registry.example.test/required-labels:v1
      rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE", "UPDATE"] }]
      mutating: false
      settings: { requiredLabels: [owner] }`;
const MODULES = "modules: { registry://registry.example.test/required-labels:v1: required-labels }";
const POD = "{ apiVersion: v1, kind: Pod, metadata: { name: web, namespace: shop } }";

function suite(resources: string, head = `policies:${POLICY}\n${MODULES}`): string {
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-suite-"));
  const path = join(dir, "suite.yaml");
  writeFileSync(path, `${head}\nresources:\n${resources}\n`);
  return path;
}

describe("a suite file", () => {
  it("reports a verdict that differs from the expected one", async () => {
    const path = suite(`  - { name: unlabelled, object: ${POD}, results: { owner: pass } }`);
    expect(await runCaseFile(path, DIST)).toEqual([{
      file: path, line: 12, policy: "owner", name: "unlabelled", passed: false, // line: the resource's, below the head
      failures: ["expected pass, got fail (Pod shop/web is missing required labels owner)"],
    }]);
  });

  it("checks message patterns", async () => {
    const path = suite(`  - { name: unlabelled, object: ${POD}, results: { owner: { result: fail, message: "^wrong" } } }`);
    expect((await runCaseFile(path, DIST))[0].failures).toEqual(['message "Pod shop/web is missing required labels owner" does not match /^wrong/']);
  });

  it.each([
    [`  - { name: r, object: ${POD}, results: { owner: pass }, colour: red }`, "unknown key colour (known: "],
    [`  - { name: r, object: ${POD}, results: { nobody: pass } }`, "results name 'nobody', which is not a policy of the suite (policies: owner)"],
    [`  - { name: r, object: ${POD}, results: { owner: allow } }`, "result for owner: result must be pass, fail, skip, warn, not \"allow\""],
    [`  - { name: r, object: ${POD}, results: { owner: { result: fail, message: "(" } } }`, "result for owner: message is not a regular expression"],
    [`  - { name: r, operation: UPDATE, object: ${POD}, results: { owner: pass } }`, "an UPDATE needs the object before the change: oldObject or oldFile"],
    [`  - { name: r, operation: PATCH, object: ${POD}, results: { owner: pass } }`, "operation must be CREATE, UPDATE, DELETE, CONNECT"],
    ["  - { name: r, file: missing.yaml, results: { owner: pass } }", "missing.yaml does not exist"],
    [`  - { name: r, object: ${POD}, file: x.yaml, results: { owner: pass } }`, "give exactly one of file, files, object or objects"],
    ["  - { name: r, object: { kind: Pod }, results: { owner: pass } }", "every object needs apiVersion and kind"],
    [`  - { name: r, object: ${POD} }`, "results must map policies to pass, fail, skip, warn"],
  ])("reports %s as a failed case, and runs the resources after it", async (resource, message) => {
    const path = suite(`${resource}\n  - { name: next, object: ${POD}, results: { owner: fail } }`);
    const [broken, next] = await runCaseFile(path, DIST);
    expect(broken).toMatchObject({ file: path, policy: "suite.yaml", name: "r", passed: false });
    expect(broken.failures).toHaveLength(1);
    expect(broken.failures[0]).toContain(message);
    expect(broken.failures[0]).not.toContain(path);
    expect(next).toMatchObject({ policy: "owner", name: "next", passed: true });
  });

  it("reports a resource whose namespace cannot be told as a failed case", async () => {
    const selective = POLICY.replace("mutating: false", "mutating: false\n      namespaceSelector: { matchExpressions: [{ key: team, operator: In, values: [a] }] }");
    const path = suite(`  - { name: r, object: ${POD}, results: { owner: fail } }`, `policies:${selective}\n${MODULES}`);
    const [result] = await runCaseFile(path, DIST);
    expect(result).toMatchObject({ name: "r", passed: false });
    expect(result.failures[0]).toMatch(/cannot tell whether ClusterAdmissionPolicy owner applies: its namespaceSelector reads team of namespace shop/);
  });

  it("keeps a broken resource from the live checks rather than leaving it out", () => {
    const path = suite(`  - { name: r, object: ${POD}, results: { owner: allow } }`);
    expect(() => admissionChecks(loadSuiteFile(path))).toThrow(`${path}: r: result for owner: result must be pass, fail, skip, warn`);
  });

  it("refuses unknown top-level keys and unknown modules, naming the file", async () => {
    const extra = suite(`  - { name: r, object: ${POD}, results: { owner: pass } }`, `policies:${POLICY}\n${MODULES}\nnamespace: x`);
    await expect(runCaseFile(extra, DIST)).rejects.toThrow(`${extra}: unknown key namespace (known: policies, modules, cluster, controllerNamespace, resources)`);
    const unmapped = suite(`  - { name: r, object: ${POD}, results: { owner: pass } }`, `policies:${POLICY}\nmodules: { registry://registry.example.test/required-labels:v1: no-such-policy }`);
    await expect(runCaseFile(unmapped, DIST)).rejects.toThrow(/suite\.yaml: policies\[0\]: ClusterAdmissionPolicy owner: module registry:\/\/registry\.example\.test\/required-labels:v1 \(mapped to no-such-policy\): .*no-such-policy\.wasm not found/);
  });

  it("runs through wardenkit test beside case files, and fails it on a wrong expectation", async () => {
    const ok = await runWardenkit(["test", SUITE]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
    const wrong = await runWardenkit(["test", suite(`  - { name: unlabelled, object: ${POD}, results: { owner: pass } }`)]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("FAIL owner: unlabelled\n       expected pass, got fail (Pod shop/web is missing required labels owner)");
    const broken = await runWardenkit(["test", suite(`  - { name: r, object: ${POD}, results: { nobody: pass } }`)]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("FAIL suite.yaml: r\n       results name 'nobody', which is not a policy of the suite (policies: owner)");
  });
});

describe("a resource of several objects", () => {
  const CHART = [
    "apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop, labels: { owner: a } }",
    "apiVersion: v1\nkind: Pod\nmetadata: { name: worker, namespace: shop }",
    "apiVersion: v1\nkind: Pod\nmetadata: { name: worker, namespace: bank }",
  ].join("\n---\n");
  const chart = (resource: string) => {
    const path = suite(`  - { name: chart, file: chart.yaml, ${resource} }`);
    writeFileSync(join(path, "..", "chart.yaml"), CHART);
    return path;
  };

  it("applies results to every object of a multi-document file", async () => {
    const results = await runCaseFile(chart("results: { owner: fail }"), DIST);
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ["chart: Pod shop/web", false], ["chart: Pod shop/worker", true], ["chart: Pod bank/worker", true],
    ]);
    expect(results[0].failures).toEqual(["expected fail, got pass"]);
  });

  it("takes results per object from perObject, by Kind/name or Kind/namespace/name", async () => {
    const results = await runCaseFile(chart("results: { owner: fail }, perObject: { Pod/web: { owner: pass } }"), DIST);
    expect(results.every((r) => r.passed)).toBe(true);
    const only = await runCaseFile(chart("perObject: { Pod/web: { owner: pass }, Pod/shop/worker: { owner: fail }, Pod/bank/worker: { owner: { result: fail, message: bank/worker } } }"), DIST);
    expect(only.map((r) => [r.name, r.passed])).toEqual([
      ["chart: Pod shop/web", true], ["chart: Pod shop/worker", true], ["chart: Pod bank/worker", true],
    ]);
  });

  it.each([
    ["perObject: { Pod/webb: { owner: pass } }", "perObject names Pod/webb, which is no object of the resource (objects: Pod/shop/web, Pod/shop/worker, Pod/bank/worker)"],
    ["results: { owner: fail }, perObject: { Pod/worker: { owner: pass } }", "perObject Pod/worker names 2 objects (Pod/shop/worker, Pod/bank/worker); write Kind/namespace/name"],
    ["perObject: { Pod/web: { owner: pass } }", "Pod/shop/worker has no results: give results (for every object) or a perObject entry"],
    ["perObject: [Pod/web]", "perObject must map objects (Kind/name) to results"],
    ["perObject: { Pod/web: { owner: maybe } }", "perObject Pod/web, result for owner: result must be pass, fail, skip, warn, not \"maybe\""],
  ])("reports %s as a failed case", async (resource, message) => {
    const [result] = await runCaseFile(chart(resource), DIST);
    expect(result).toMatchObject({ name: "chart", passed: false, failures: [message] });
  });
});
