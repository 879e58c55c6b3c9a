// `wardenkit check` as CI runs it: the deploy policy set against manifests from files,
// folders and a Helm-style stream on standard input, in text, JSON, JUnit XML, SARIF and
// GitHub annotations, with exit 1 for protect-mode denials and for input it cannot read, 2 for
// a command line that does not parse.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { moduleFlags } from "../../tools/bench/policy-set-bench.ts";
import { runWardenkit } from "../support/run-command.ts";
import { sarifProblems } from "../support/sarif-schema.ts";

// The set's module lines, each answered by the project's own build of that policy.
const MODULE_FLAGS = moduleFlags();
const E2E = "deploy/kind/e2e";

function check(args: string[], stdin?: string) {
  return runWardenkit(["check", "--policies", "deploy/policy-set", ...MODULE_FLAGS, ...args], { stdin });
}

// What `helm template` prints: comments naming the template, documents separated by ---.
const HELM_STREAM = `---
# Source: shop/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-settings
  namespace: wardenkit-e2e
  labels: { app: shop, owner: team-a }
data: { mode: fast }
---
# Source: shop/templates/claim.yaml
apiVersion: devopstoolkitseries.com/v1alpha1
kind: SQLClaim
metadata:
  name: shop-db
  namespace: wardenkit-e2e
  labels: { app: shop, owner: team-a }
spec: { id: shop-db, parameters: { size: large, version: "16" }, compositionSelector: { matchLabels: { provider: aws, db: postgresql } } }
`;

// Each test starts the command a few times; on a busy machine that takes a while.
describe("wardenkit check", () => {
  it("prints each object's verdicts and a summary, and exits 1 when a protect-mode policy denies", async () => {
    const run = await check([`${E2E}/pod-unlabelled.yaml`, `${E2E}/pod-labelled.yaml`]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe([
      `Pod wardenkit-e2e/unlabelled (${E2E}/pod-unlabelled.yaml)`,
      "  fail  ClusterAdmissionPolicy required-labels: Pod wardenkit-e2e/unlabelled is missing required labels app, owner",
      "  pass  ClusterAdmissionPolicy run-as-non-root",
      "  pass  ClusterAdmissionPolicy trusted-images",
      `Pod wardenkit-e2e/labelled (${E2E}/pod-labelled.yaml)`,
      "  pass  ClusterAdmissionPolicy required-labels",
      "  pass  ClusterAdmissionPolicy run-as-non-root",
      "  pass  ClusterAdmissionPolicy trusted-images",
      "",
      "2 objects: 1 denied; 5 passed, 1 failed, 0 warned, 6 skipped",
      "",
    ].join("\n"));
  });

  it("reads a Helm-style multi-document stream from standard input; monitor denials are warnings, exit 0", async () => {
    const run = await check(["-"], HELM_STREAM);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("SQLClaim wardenkit-e2e/shop-db (standard input #2)\n  pass  ClusterAdmissionPolicy required-labels\n"
      + "  warn  ClusterAdmissionPolicy sql-claim-size: SQLClaim wardenkit-e2e/shop-db asks for size 'large', which is not allowed; allowed sizes: small, medium\n");
    expect(run.stdout).toContain("ConfigMap wardenkit-e2e/shop-settings (standard input #1)");
    expect(run.stdout).toContain("2 objects: 0 denied; 2 passed, 0 failed, 1 warned, 9 skipped");
  });

  it("puts objects without a namespace where -n says, as kubectl apply -n does", async () => {
    const unnamespaced = HELM_STREAM.replace(/\n  namespace: wardenkit-e2e/g, "");
    const defaulted = (await check(["-"], unnamespaced)).stdout;
    expect(defaulted).toContain("SQLClaim default/shop-db (standard input #2)\n");
    expect(defaulted).toContain("2 objects: 0 denied; 0 passed, 0 failed, 0 warned, 12 skipped");
    expect((await check(["-n", "wardenkit-e2e", "-"], unnamespaced)).stdout).toContain("SQLClaim wardenkit-e2e/shop-db (standard input #2)\n  pass  ClusterAdmissionPolicy required-labels\n  warn");
  });

  it("prints skips with their reasons when verbose, and a group's denied members", async () => {
    const run = await check(["-v", `${E2E}/deployment-root.yaml`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("  skip  ClusterAdmissionPolicy run-as-non-root: no rule matches CREATE deployments (apps/v1)\n");
    expect(run.stdout).toContain("  fail  ClusterAdmissionPolicyGroup workload-security: the workload must run as non-root, or carry a security.wardenkit.dev/reviewed-by label\n"
      + "        spec.policies.non_root: Deployment wardenkit-e2e/runs-as-root: container pause does not set runAsNonRoot and runs as root (runAsUser 0)\n"
      + "        spec.policies.reviewed: Deployment wardenkit-e2e/runs-as-root is missing required labels security.wardenkit.dev/reviewed-by\n");
  });

  it("writes JSON for scripts", async () => {
    const run = await check(["-o", "json", E2E]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.denied).toBe(2);
    expect(report.counts).toEqual({ pass: 14, fail: 2, skip: 31, warn: 1 });
    const claim = report.objects.find((o: { object: string }) => o.object === "SQLClaim wardenkit-e2e/orders-db-large");
    expect(claim.verdicts.find((v: { policy: string }) => v.policy === "sql-claim-size")).toEqual({
      kind: "ClusterAdmissionPolicy", policy: "sql-claim-size", mode: "monitor", result: "warn",
      message: "SQLClaim wardenkit-e2e/orders-db-large asks for size 'large', which is not allowed; allowed sizes: small, medium",
    });
  });

  it("writes JUnit XML with one test case per object and policy", async () => {
    const run = await check(["-o", "junit", E2E]);
    expect(run.code).toBe(1);
    const wellFormed = spawnSync("python3", ["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.read())"], { input: run.stdout, encoding: "utf8" });
    expect(wellFormed.status, wellFormed.stderr).toBe(0);
    expect(run.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="wardenkit check" tests="48" failures="2" skipped="31">/);
    expect((run.stdout.match(/<testcase /g) ?? []).length).toBe(48);
    expect(run.stdout).toContain('<testcase classname="Pod wardenkit-e2e/unlabelled" name="ClusterAdmissionPolicy required-labels">\n'
      + '      <failure message="Pod wardenkit-e2e/unlabelled is missing required labels app, owner">');
    expect(run.stdout).toContain("<system-out>monitor mode would deny: SQLClaim wardenkit-e2e/orders-db-large asks for size &apos;large&apos;");
    expect(run.stdout).toContain('<skipped message="no rule matches CREATE namespaces (v1)"/>');
  });

  it("writes SARIF for code scanning: the set's policies as rules, an error per denial at the line of its object", async () => {
    const run = await check(["-o", "sarif", `${E2E}/pod-unlabelled.yaml`, "fixtures/policy-set/objects/pods.yaml"]);
    expect(run.code, run.stderr).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      "ClusterAdmissionPolicy pod-density", "ClusterAdmissionPolicy required-labels", "ClusterAdmissionPolicy run-as-non-root",
      "ClusterAdmissionPolicy sql-claim-size", "ClusterAdmissionPolicy trusted-images", "ClusterAdmissionPolicyGroup workload-security",
    ]);
    expect(log.runs[0].results).toEqual([
      {
        ruleId: "ClusterAdmissionPolicy required-labels", ruleIndex: 1, level: "error",
        message: { text: "Pod wardenkit-e2e/unlabelled: ClusterAdmissionPolicy required-labels: Pod wardenkit-e2e/unlabelled is missing required labels app, owner" },
        locations: [{ physicalLocation: { artifactLocation: { uri: `${E2E}/pod-unlabelled.yaml` }, region: { startLine: 1 } } }],
      },
      {
        // The second document of the file, below a comment and the first.
        ruleId: "ClusterAdmissionPolicy run-as-non-root", ruleIndex: 2, level: "error",
        message: { text: "Pod wardenkit-e2e/root: ClusterAdmissionPolicy run-as-non-root: Pod wardenkit-e2e/root: container root does not set runAsNonRoot and runs as root (runAsUser 0)" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "fixtures/policy-set/objects/pods.yaml" }, region: { startLine: 12 } } }],
      },
    ]);
  });

  it("writes a GitHub annotation per denial, escaped, and the counts; an object from standard input has no file", async () => {
    const run = await check(["-o", "github", `${E2E}/deployment-root.yaml`, `${E2E}/pod-labelled.yaml`]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe([
      `::error file=${E2E}/deployment-root.yaml,line=1,title=Deployment wardenkit-e2e/runs-as-root%3A ClusterAdmissionPolicyGroup workload-security::`
        + "the workload must run as non-root, or carry a security.wardenkit.dev/reviewed-by label"
        + "%0A        spec.policies.non_root: Deployment wardenkit-e2e/runs-as-root: container pause does not set runAsNonRoot and runs as root (runAsUser 0)"
        + "%0A        spec.policies.reviewed: Deployment wardenkit-e2e/runs-as-root is missing required labels security.wardenkit.dev/reviewed-by",
      "wardenkit check: 5 passed, 1 failed, 6 skipped",
      "",
    ].join("\n"));
    const piped = await check(["-o", "github", "-"], readFileSync(`${E2E}/pod-unlabelled.yaml`, "utf8"));
    expect(piped.code).toBe(1);
    expect(piped.stdout).toMatch(/^::error title=Pod wardenkit-e2e\/unlabelled%3A ClusterAdmissionPolicy required-labels::Pod wardenkit-e2e\/unlabelled is missing required labels app, owner\n/);
  });

  it.each(["text", "json", "junit", "sarif", "github"])("exits 0 when nothing is denied, and 1 when something is, with -o %s", async (format) => {
    const passing = await check(["-o", format, `${E2E}/pod-labelled.yaml`, `${E2E}/sqlclaim-small.yaml`]);
    expect(passing.code, passing.stderr).toBe(0);
    expect((await check(["-o", format, `${E2E}/pod-unlabelled.yaml`])).code).toBe(1);
    if (format === "sarif") expect(JSON.parse(passing.stdout).runs[0].results).toEqual([]);
    if (format === "github") expect(passing.stdout).toBe("wardenkit check: 5 passed, 0 failed, 7 skipped\n");
  });

  it("exits 2 with one line for input it cannot read, as 1 is a denial", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-check-"));
    writeFileSync(join(dir, "bad.yaml"), "kind: Pod\nmetadata: { name: x }\n");
    const bad = await check([join(dir, "bad.yaml")]);
    expect(bad).toMatchObject({ code: 2, stdout: "" });
    expect(bad.stderr).toBe(`wardenkit check: ${join(dir, "bad.yaml")}: every object needs apiVersion and kind\n`);
    expect((await check(["nowhere.yaml"])).stderr).toBe("wardenkit check: nowhere.yaml does not exist\n");
  });

  it("exits 2 for usage errors", async () => {
    const unmapped = await runWardenkit(["check", "--policies", "deploy/policy-set", "--module", "x", "-"]);
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toMatch(/^wardenkit check: --module takes <location>=<policy or file>, not 'x'; usage: /);
    expect((await check(["-o", "xml", "-"], "")).stderr).toMatch(/^wardenkit check: --output must be text, json, junit, sarif or github, not 'xml'; usage: wardenkit check <manifests>… --policies <manifest\|folder> \[options\]$/m);
  });
});
