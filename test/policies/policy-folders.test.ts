// A policy describes itself: every list of policies is derived from the folders found, and
// a folder lacking a piece that a check needs makes that check fail, naming the file. The
// README's policy table is checked against the folders: one row per policy, linking its
// README, with the settings its README documents.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPolicySettings, type PolicySource } from "../../src/project/policies.ts";
import { loadReferenceRule } from "../../tools/bench/reference-rules.ts";
import { loadWorkloads } from "../../tools/bench/workloads.ts";
import { deploySettings } from "../../src/manifests/published-manifests.ts";
import { readProject, type Project } from "../../src/project/project.ts";
import { PROJECT } from "../support/project.ts";

/** The setting names a policy README documents: `### \`name\`` headings or `| \`name\` |` rows of its Settings section. */
function documentedSettings(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Settings")) ?? "";
  return [...section.matchAll(/^(?:### |\| )`([A-Za-z][\w.]*)`/gm)].map((m) => m[1]);
}

/** What is wrong with the policy table of `readme` (the text of README.md), one line each. */
function policyTableProblems(readme: string, policies: PolicySource[]): string[] {
  const rows = new Map([...readme.matchAll(/^\| \[([a-z0-9-]+)\]\(([^)]+)\) \|[^|]*\| ([^|]*) \|$/gm)].map((m) => [m[1], { link: m[2], settings: m[3] }]));
  const problems: string[] = [];
  for (const policy of policies) {
    const row = rows.get(policy.name);
    if (!row) {
      problems.push(`README.md has no row for ${policy.name} in its policy table`);
      continue;
    }
    if (row.link !== `policies/${policy.name}/README.md`) problems.push(`README.md links ${policy.name} to ${row.link}, not policies/${policy.name}/README.md`);
    const listed = [...row.settings.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
    const documented = documentedSettings(readFileSync(policy.readme, "utf8")).sort();
    if (listed.join() !== documented.join()) problems.push(`README.md lists ${policy.name}'s settings as ${listed.join(", ") || "none"}; policies/${policy.name}/README.md documents ${documented.join(", ") || "none"}`);
  }
  for (const name of rows.keys()) if (!policies.some((p) => p.name === name)) problems.push(`README.md lists ${name}, which is not a policy folder`);
  return problems;
}

describe("the README's policy table", () => {
  it("has one row per policy folder, with the settings each policy's README documents", () => {
    expect(policyTableProblems(readFileSync(join(PROJECT.root, "README.md"), "utf8"), PROJECT.policies)).toEqual([]);
  });

  it("names the policy whose row is missing, and a setting that is not listed", () => {
    const readme = readFileSync(join(PROJECT.root, "README.md"), "utf8").replace(/^\| \[sql-claim-size\].*\n/m, "").replace(", `requiredAnnotations`", "");
    expect(policyTableProblems(readme, PROJECT.policies)).toEqual([
      "README.md lists required-labels's settings as requiredLabels; policies/required-labels/README.md documents requiredAnnotations, requiredLabels",
      "README.md has no row for sql-claim-size in its policy table",
    ]);
  });
});

describe("a policy folder lacking a piece", () => {
  let root: string;
  let bare: Project;
  let policy: PolicySource;
  beforeAll(() => {
    // A copy of sql-claim-size with its entry file only: no settings.yml and no bench/.
    root = mkdtempSync(join(tmpdir(), "wardenkit-policy-folder-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "bare", version: "0.1.0", wardenkit: {} }));
    bare = readProject(root);
    policy = bare.policy("bare");
    mkdirSync(join(policy.dir, "assembly"), { recursive: true });
    cpSync(join(PROJECT.folders.policies, "sql-claim-size", "assembly"), join(policy.dir, "assembly"), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("is found, so every list derived from the folders includes it", () => {
    expect(bare.policies.map((p) => p.name)).toEqual(["bare"]);
  });

  it("fails the checks that need settings, naming settings.yml", () => {
    const missing = `${join(root, "policies", "bare", "settings.yml")} is missing`;
    expect(() => readPolicySettings(policy)).toThrow(missing);
    expect(() => deploySettings("bare", bare)).toThrow(missing);
  });

  it("fails the bench, naming bench/workloads.yml, so it cannot escape the budgets", () => {
    expect(() => loadWorkloads(bare.policies)).toThrow(`${join(root, "policies", "bare", "bench", "workloads.yml")} is missing`);
  });

  it("fails the bench's reference, naming bench/reference.mjs", async () => {
    await expect(loadReferenceRule(policy)).rejects.toThrow(`${join(root, "policies", "bare", "bench", "reference.mjs")} is missing`);
  });

  it("names a workload file's unknown key and a reference that exports no rule", async () => {
    mkdirSync(join(policy.dir, "bench"), { recursive: true });
    writeFileSync(policy.benchWorkloads, "- request: claim.json\n  setings: {}\n");
    expect(() => loadWorkloads([policy])).toThrow(`${policy.benchWorkloads}, workload 1: unknown key setings`);
    writeFileSync(policy.benchReference, "export const rule = () => '{}';\n");
    await expect(loadReferenceRule(policy)).rejects.toThrow(`${policy.benchReference} must export default a function`);
  });
});

describe("every policy folder", () => {
  it.each(PROJECT.policies.map((p) => [p.name, p] as const))("%s has settings, workloads and a reference rule", async (_, policy) => {
    expect(readPolicySettings(policy)).toBeTypeOf("object");
    expect(loadWorkloads([policy]).length).toBeGreaterThan(0);
    expect(await loadReferenceRule(policy)).toBeTypeOf("function");
  });
});
