// Incremental builds in a throwaway copy of the project with two policies: a module is
// rebuilt only when an input changed (its sources, the SDK, asconfig.json, metadata.yml,
// README.md, the project or compiler version), and otherwise left untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendFileSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildInputs } from "../../src/build/build-inputs.ts";
import { buildIfChanged, type BuildOutcome } from "../../src/build/incremental-build.ts";
import type { Project } from "../../src/project/project.ts";
import { PROJECT } from "../support/project.ts";
import { projectCopy } from "../support/project-copy.ts";
import { readPolicyMetadata } from "../../src/wasm/policy-metadata.ts";

const POLICIES = ["required-labels", "sql-claim-size"];
let copy: Project;
let root: string;

beforeAll(() => {
  copy = projectCopy("incremental", POLICIES.map((p) => `policies/${p}`), { ownSdk: true });
  root = copy.root;
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Builds every policy of the copy; returns the reason each was rebuilt, or "up to date". */
async function buildAll(): Promise<Record<string, string>> {
  const outcomes: BuildOutcome[] = [];
  for (const source of copy.policies) outcomes.push(await buildIfChanged(copy, source));
  return Object.fromEntries(outcomes.map((o) => [o.name, o.upToDate ? "up to date" : o.reason]));
}

const modulePath = (policy: string) => join(root, "dist", `${policy}.wasm`);

describe("incremental build", () => {
  it("builds everything the first time and nothing the second", async () => {
    expect(await buildAll()).toEqual({ "required-labels": "no earlier build", "sql-claim-size": "no earlier build" });
    const before = POLICIES.map((p) => statSync(modulePath(p)).mtimeMs);
    expect(await buildAll()).toEqual({ "required-labels": "up to date", "sql-claim-size": "up to date" });
    expect(POLICIES.map((p) => statSync(modulePath(p)).mtimeMs)).toEqual(before);
  });

  it("rebuilds every policy when the SDK changes", async () => {
    appendFileSync(join(root, "sdk/assembly/index.ts"), "\n// an edit\n");
    expect(await buildAll()).toEqual({ "required-labels": "@wardenkit/sdk/assembly/index.ts changed", "sql-claim-size": "@wardenkit/sdk/assembly/index.ts changed" });
    expect(await buildAll()).toEqual({ "required-labels": "up to date", "sql-claim-size": "up to date" });
  });

  it("rebuilds only the policy whose README changed, and the new usage text is in its module", async () => {
    const readme = join(root, "policies/sql-claim-size/README.md");
    writeFileSync(readme, readFileSync(readme, "utf8").replace("## Settings", "## Settings\n\nEdited."));
    expect(await buildAll()).toEqual({ "required-labels": "up to date", "sql-claim-size": "policies/sql-claim-size/README.md changed" });
    const usage = readPolicyMetadata(readFileSync(modulePath("sql-claim-size"))).annotations?.["io.kubewarden.policy.usage"];
    expect(usage).toMatch(/^## Settings\n\nEdited\./);
  });

  it("rebuilds a module that was changed or removed since its build", async () => {
    writeFileSync(modulePath("required-labels"), "overwritten");
    expect((await buildAll())["required-labels"]).toBe(`${modulePath("required-labels")} was changed since it was built`);
  });

  it("counts asconfig.json, metadata.yml and the project, compiler and transform versions among the inputs", () => {
    const [source] = copy.policies;
    const inputs = buildInputs(root, source, copy.version);
    const version = (name: string) => JSON.parse(readFileSync(join(PROJECT.root, "node_modules", name, "package.json"), "utf8")).version;
    expect(inputs).toMatchObject({
      "version:project": JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version,
      "version:assemblyscript": version("assemblyscript"),
      "version:json-as": version("json-as"),
    });
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(["asconfig.json", `policies/${source.name}/metadata.yml`, "builder:lib/build/compile.js"]));
  });
});
