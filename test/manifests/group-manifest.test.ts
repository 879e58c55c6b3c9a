// `wardenkit manifest --group`: a policy group over built modules, written so that it is
// the ClusterAdmissionPolicyGroup of deploy/policy-set, and refused when the controller,
// the modules or the CRD would refuse it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { groupManifest } from "../../src/manifests/group-manifest.ts";
import { ManifestError } from "../../src/manifests/manifest-error.ts";
import { PROJECT } from "../support/project.ts";
import { builtModulePath } from "../support/policies.ts";
import { runWardenkit } from "../support/run-command.ts";

const DEPLOYED = join(PROJECT.folders.deploy, "policy-set", "workload-security.yaml");
const MODULE = (p: string) => `registry://ghcr.io/wardenkit/policies/${p}:v0.1.0`;

describe("wardenkit manifest --group", () => {
  it("writes the policy group of deploy/policy-set", async () => {
    const deployed = parse(readFileSync(DEPLOYED, "utf8"));
    const run = await runWardenkit([
      "manifest", "--group", "workload-security", "--expression", deployed.spec.expression, "--message", deployed.spec.message,
      "--member", "non_root=run-as-non-root", "--member", "reviewed=required-labels",
      "--member-module", `non_root=${MODULE("run-as-non-root")}`, "--member-module", `reviewed=${MODULE("required-labels")}`,
      "--member-settings", 'reviewed={"requiredLabels":["security.wardenkit.dev/reviewed-by"]}',
      "--rules", JSON.stringify(deployed.spec.rules), "--namespace-selector-include", "wardenkit-e2e",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(parseAllDocuments(run.stdout).map((d) => d.toJS())).toEqual([deployed]);
  });

  const member = (name: string, policy: string, settings: unknown = {}) => ({ name, wasm: builtModulePath(policy), module: MODULE(policy), settings });
  const options = { kind: "ClusterAdmissionPolicyGroup" as const, name: "g", expression: "a()", message: "no", mode: "protect", policyServer: "default" };

  it("takes every member's rules and context-aware resources by default", async () => {
    const manifest = await groupManifest([member("a", "sql-claim-size", { allowedSizes: ["small"] }), member("b", "pod-density", { maxPodsPerNode: 3 })], { ...options, expression: "a() && b()" });
    expect((manifest.spec.rules as { resources: string[] }[]).map((r) => r.resources)).toEqual([["sqlclaims"], ["pods", "pods/binding"]]);
    expect((manifest.spec.policies as Record<string, { contextAwareResources: unknown }>).b.contextAwareResources).toEqual([{ apiVersion: "v1", kind: "Pod" }, { apiVersion: "v1", kind: "Node" }]);
  });

  it.each([
    [[], options, "a policy group needs at least one member policy"],
    [["a", "required-labels", { requiredLabels: 1 }], options, "required-labels rejects these settings"],
    [["a", "required-labels"], { ...options, expression: "a() && c()" }, "c() is not a member of the group"],
    [["a", "required-labels"], { ...options, message: "" }, "a policy group needs a message"],
    [["a", "required-labels"], { ...options, mode: "audit" }, "does not match its CRD schema"],
    [["a", "pod-density", { maxPodsPerNode: 3 }], { ...options, kind: "AdmissionPolicyGroup" as const, namespace: "shop" }, "a reads the cluster, which only a ClusterAdmissionPolicyGroup may allow"],
    [["a", "required-labels"], { ...options, kind: "AdmissionPolicyGroup" as const }, "lives in a namespace"],
  ])("refuses %j with %j", async (m, o, message) => {
    const members = m.length ? [member(...(m as [string, string, unknown?]))] : [];
    await expect(groupManifest(members, o)).rejects.toThrow(ManifestError);
    await expect(groupManifest(members, o)).rejects.toThrow(message);
  });
});
