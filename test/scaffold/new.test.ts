// `wardenkit new` in a throwaway copy of the project, run in-process there: the new policy builds,
// its cases pass, and names that are invalid or taken are refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runSuite } from "../../tools/bench/suite.ts";
import { loadWorkloads } from "../../tools/bench/workloads.ts";
import { deploySettings } from "../../src/manifests/published-manifests.ts";
import { readProject } from "../../src/project/project.ts";
import { runWardenkit } from "../support/run-command.ts";
import { projectCopy } from "../support/project-copy.ts";

let project: string;
const QUICK = { warmupCalls: 5, warmupMilliseconds: 5, rounds: 3, batchMilliseconds: 0.1 };

function wardenkit(args: string[]) {
  return runWardenkit(args, { cwd: project });
}

beforeAll(() => {
  project = projectCopy("new").root;
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("wardenkit new", () => {
  it("creates a policy that builds and passes its own cases", async () => {
    const created = await wardenkit(["new", "demo-policy"]);
    expect(created.code, created.stderr).toBe(0);
    for (const file of ["assembly/index.ts", "assembly/settings.ts", "assembly/validate.ts", "metadata.yml", "README.md", "settings.yml", "bench/workloads.yml", "bench/pod.json", "bench/reference.mjs", "artifacthub-pkg.yml"]) {
      expect(existsSync(join(project, "policies", "demo-policy", file)), file).toBe(true);
    }
    expect(readFileSync(join(project, "policies", "demo-policy", "metadata.yml"), "utf8")).toContain("ghcr.io/wardenkit/policies/demo-policy");
    const artifactHub = await wardenkit(["artifacthub", "demo-policy", "--check"]);
    expect(artifactHub.code, artifactHub.stderr).toBe(0);

    const built = await wardenkit(["build", "demo-policy"]);
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(join(project, "dist", "demo-policy.wasm"))).toBe(true);
    expect(built.stdout.split("\n")[0]).toBe("building demo-policy… (no earlier build)");
    const again = await wardenkit(["build", "demo-policy"]);
    expect(again.stdout).toMatch(/^demo-policy: up to date \(dist\/demo-policy\.wasm\)\n1 policies, 0 built, 1 up to date/);

    const tested = await wardenkit(["test", "fixtures/demo-policy"]);
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/3 passed, 0 failed/);

    // The bench measures it on its own workload, and its reference rule agrees with the module.
    const copy = readProject(project);
    const benched = await runSuite(QUICK, loadWorkloads([copy.policy("demo-policy")]), copy.folders.dist);
    expect(benched.workloads.map((w) => [w.name, w.accepted])).toEqual([["demo-policy / Pod", true]]);
    expect(deploySettings("demo-policy", copy)).toEqual({ deniedNames: ["forbidden"] });
  });

  it("with --mutating, creates a mutating policy whose patch case passes", async () => {
    const created = await wardenkit(["new", "demo-mutating", "--mutating"]);
    expect(created.code, created.stderr).toBe(0);
    const metadata = readFileSync(join(project, "policies", "demo-mutating", "metadata.yml"), "utf8");
    expect(metadata).toMatch(/^mutating: true$/m);
    expect(readFileSync(join(project, "policies", "demo-mutating", "assembly", "validate.ts"), "utf8")).toContain("mutate(patched)");
    const lines = created.stdout.split("\n").filter((line) => line.startsWith("created "));
    expect(new Set(lines).size, "each file is named once").toBe(lines.length);

    const built = await wardenkit(["build", "demo-mutating"]);
    expect(built.code, built.stderr).toBe(0);
    const tested = await wardenkit(["test", "fixtures/demo-mutating"]);
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/5 passed, 0 failed/);
    const artifactHub = await wardenkit(["artifacthub", "demo-mutating", "--check"]);
    expect(artifactHub.code, artifactHub.stderr).toBe(0);
  });

  it("refuses to overwrite an existing policy", async () => {
    await wardenkit(["new", "taken"]);
    const again = await wardenkit(["new", "taken"]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe("wardenkit new: policies/taken already exists; choose another name or remove it first");
  });

  it.each(["Demo", "demo_policy", "demo.policy", "demo-", ""])("refuses the invalid name %j", async (name) => {
    const run = await wardenkit(["new", name]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/wardenkit new: '.*' is not a valid policy name/);
    expect(existsSync(join(project, "policies", name || "none"))).toBe(false);
  });

  it("refuses a name longer than the 63 characters Kubernetes allows, and takes one of 63", async () => {
    const tooLong = "a".repeat(64);
    const run = await wardenkit(["new", tooLong]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`wardenkit new: '${tooLong}' is too long for a policy name: it has 64 characters and Kubernetes allows at most 63`);
    expect(existsSync(join(project, "policies", tooLong))).toBe(false);
    const longest = await wardenkit(["new", "b".repeat(63)]);
    expect(longest.code, longest.stderr).toBe(0);
  });

  it("needs exactly one name", async () => {
    const run = await wardenkit(["new"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe("wardenkit new: missing <name>; usage: wardenkit new <name> [options]");
    expect((await wardenkit(["new", "one", "two"])).stderr.trim()).toBe("wardenkit new: unexpected argument 'two'; usage: wardenkit new <name> [options]");
  });
});
