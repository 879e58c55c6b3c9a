// The project model: the root is the nearest package.json with a "wardenkit" field, from any
// folder inside it; the field may rename the folders; a bad field or no project is one clear
// sentence. And a command run from a folder below the root behaves as from the root.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_FOLDERS, distFolder, findProject, ProjectError } from "../../src/project/project.ts";
import { PROJECT } from "../support/project.ts";
import { runWardenkit } from "../support/run-command.ts";

let base: string;
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), "wardenkit-project-")));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function projectAt(name: string, pkg: object): string {
  const root = join(base, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, "package.json"), JSON.stringify(pkg));
  return root;
}

describe("findProject", () => {
  it("walks up to the package.json with a wardenkit field, past one without", () => {
    const root = projectAt("team", { name: "team", version: "2.3.0", wardenkit: {} });
    const inner = projectAt("team/tools/lint", { name: "lint", version: "1.0.0" });
    const project = findProject(inner);
    expect(project).toMatchObject({ root, name: "team", version: "2.3.0" });
    expect(project.folders).toEqual(Object.fromEntries(Object.entries(DEFAULT_FOLDERS).map(([key, dir]) => [key, join(root, dir)])));
    expect(project.module("x")).toBe(join(root, "dist", "x.wasm"));
  });

  it("takes folder names from the field and lists the policies found there", () => {
    const root = projectAt("renamed", { name: "renamed", version: "1.0.0", wardenkit: { policies: "src/policies", dist: "out" } });
    mkdirSync(join(root, "src/policies/only-one/assembly"), { recursive: true });
    writeFileSync(join(root, "src/policies/only-one/assembly/index.ts"), "");
    mkdirSync(join(root, "src/policies/not-a-policy"), { recursive: true });
    const project = findProject(join(root, "src"));
    expect(project.folders).toMatchObject({ policies: join(root, "src/policies"), dist: join(root, "out"), fixtures: join(root, "fixtures") });
    expect(project.policies.map((p) => p.name)).toEqual(["only-one"]);
    expect(project.policy("only-one").entry).toBe(join(root, "src/policies/only-one/assembly/index.ts"));
    expect(distFolder(undefined, root)).toBe(join(root, "out"));
    expect(distFolder("elsewhere", root)).toBe(join(root, "elsewhere"));
  });

  it.each([
    [{ version: "1.0.0", wardenkit: true }, /package\.json: "wardenkit" must be an object, such as \{\}$/],
    [{ version: "1.0.0", wardenkit: { policy: "p" } }, /package\.json: unknown key "policy" in "wardenkit"; it may name the folders policies, fixtures, dist, deploy$/],
    [{ version: "1.0.0", wardenkit: { dist: "" } }, /package\.json: "wardenkit\.dist" must be a folder name, not ""$/],
    [{ wardenkit: {} }, /package\.json has no version$/],
  ])("refuses %j in one sentence", (pkg, message) => {
    const root = projectAt(`bad-${Math.random().toString(36).slice(2)}`, pkg);
    expect(() => findProject(root)).toThrow(ProjectError);
    expect(() => findProject(root)).toThrow(message);
  });

  it("says where it looked and how to make one when there is no project", () => {
    const nowhere = join(base, "nowhere");
    mkdirSync(nowhere);
    expect(() => findProject(nowhere)).toThrow(`no wardenkit project in ${nowhere} or above: none has a package.json with a "wardenkit" field; create one with \`wardenkit init <dir>\``);
  });

  it("finds this repository from its policies folder", () => {
    expect(findProject(join(PROJECT.root, "policies", "required-labels")).root).toBe(PROJECT.root);
  });
});

describe("a command run below the root", () => {
  it("behaves as from the root: test finds the fixtures, run finds the built module", async () => {
    const cwd = join(PROJECT.root, "policies");
    const tested = await runWardenkit(["test"], { cwd });
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toContain("../fixtures/required-labels/cases.yaml");
    const ran = await runWardenkit(["run", "required-labels", "--request", "../fixtures/required-labels/create-pod-labelled.json", "--settings", '{"requiredLabels":["app"]}'], { cwd });
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout).response.allowed).toBe(true);
  });

  it("outside any project, says so in one line", async () => {
    const run = await runWardenkit(["build"], { cwd: base });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`wardenkit build: no wardenkit project in ${base} or above: none has a package.json with a "wardenkit" field; create one with \`wardenkit init <dir>\`\n`);
  });
});
