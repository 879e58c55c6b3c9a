// `wardenkit init`: the files of a policy repository, with the versions of this wardenkit,
// and refusals of a taken folder or a name npm would not take. test/packaging runs what it
// creates, installed from the packed tarballs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { scaffoldProject } from "../../src/scaffold/new-project.ts";
import { scaffoldPolicy } from "../../src/scaffold/new-policy.ts";
import { readProject } from "../../src/project/project.ts";
import { PROJECT } from "../support/project.ts";
import { runWardenkit } from "../support/run-command.ts";

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "wardenkit-init-"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("wardenkit init", () => {
  it("writes a repository that is a wardenkit project depending on this version of both packages", () => {
    const { root, files } = scaffoldProject(join(base, "team-policies"));
    expect(files.sort()).toEqual([
      ".github/workflows/ci.yml", ".gitignore", "Makefile", "README.md", "asconfig.json", "fixtures/README.md", "package.json", "policies/README.md",
    ]);
    const project = readProject(root);
    expect(project).toMatchObject({ name: "team-policies", version: "0.1.0", folders: { policies: join(root, "policies") } });
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({ wardenkit: `^${PROJECT.version}`, "@wardenkit/sdk": `^${PROJECT.version}` });
    expect(pkg.scripts).toMatchObject({ build: "wardenkit build", test: "wardenkit test" });
    expect(JSON.parse(readFileSync(join(root, "asconfig.json"), "utf8"))).toEqual({ extends: "@wardenkit/sdk/asconfig.json" });
    expect(readFileSync(join(root, "Makefile"), "utf8")).toMatch(/^all: build$[\s\S]*^test: build$/m);
  });

  it("writes a CI workflow that builds and tests every push and publishes on a version tag", () => {
    const { root } = scaffoldProject(join(base, "with-ci"));
    const workflow = parse(readFileSync(join(root, ".github/workflows/ci.yml"), "utf8"));
    expect(workflow.on).toEqual({ push: { branches: ["main"], tags: ["v*"] }, pull_request: null });
    expect(workflow.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual(["make", "make test"]);
    expect(workflow.jobs.publish).toMatchObject({ if: "startsWith(github.ref, 'refs/tags/v')", needs: "test", permissions: { packages: "write" } });
    const publish = workflow.jobs.publish.steps.find((s: { run?: string }) => s.run?.startsWith("npx wardenkit publish"));
    expect(publish.env).toEqual({ WARDENKIT_REGISTRY_USER: "${{ github.actor }}", WARDENKIT_REGISTRY_PASSWORD: "${{ secrets.GITHUB_TOKEN }}" });
  });

  it("takes an empty folder and refuses one with files, naming it", () => {
    mkdirSync(join(base, "empty"));
    expect(scaffoldProject(join(base, "empty")).files).toContain("package.json");
    mkdirSync(join(base, "taken"));
    writeFileSync(join(base, "taken", "notes.txt"), "");
    expect(() => scaffoldProject(join(base, "taken"))).toThrow(`${join(base, "taken")} is not empty; choose a new or empty folder`);
  });

  it("refuses a folder name npm would not take as a package name", () => {
    expect(() => scaffoldProject(join(base, "Team Policies"))).toThrow("'Team Policies' cannot name an npm package: use a folder name of lowercase letters, digits, '-', '.' or '_'");
  });

  it("answers on the command line: one line for a refusal, usage for a missing folder", async () => {
    const refused = await runWardenkit(["init", "taken"], { cwd: base });
    expect(refused).toMatchObject({ code: 1, stderr: `wardenkit init: ${join(base, "taken")} is not empty; choose a new or empty folder\n` });
    const usage = await runWardenkit(["init"], { cwd: base });
    expect(usage).toMatchObject({ code: 2, stderr: "wardenkit init: missing <dir>; usage: wardenkit init <dir> [options]\n" });
    const created = await runWardenkit(["init", "from-cli"], { cwd: base });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^created package\.json$/m);
    expect(created.stdout).toMatch(/next: cd from-cli && npm install && npx wardenkit new <policy> && make test\n$/);
  });

  it("carries the team's names from its flags into package.json and every new policy's metadata", () => {
    const { root } = scaffoldProject(join(base, "acme-policies"), { author: "Acme platform <platform@acme.example>", repository: "git+https://github.com/Acme/acme-policies.git", license: "MIT" });
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ author: "Acme platform <platform@acme.example>", license: "MIT", repository: { type: "git", url: "https://github.com/Acme/acme-policies" }, wardenkit: {} });
    const project = readProject(root);
    expect(project.identity).toEqual({ author: "Acme platform <platform@acme.example>", license: "MIT", repository: "https://github.com/Acme/acme-policies", registry: "ghcr.io/acme/policies" });

    const created = scaffoldPolicy(project, "team-quota");
    expect(created.notes).toEqual([]);
    const metadata = parse(readFileSync(join(root, "policies", "team-quota", "metadata.yml"), "utf8"));
    expect(metadata.annotations).toMatchObject({
      "io.kubewarden.policy.author": "Acme platform <platform@acme.example>",
      "io.kubewarden.policy.url": "https://github.com/Acme/acme-policies",
      "io.kubewarden.policy.source": "https://github.com/Acme/acme-policies",
      "io.kubewarden.policy.license": "MIT",
      "io.kubewarden.policy.ociUrl": "ghcr.io/acme/policies/team-quota",
    });
    expect(readFileSync(join(root, "policies", "team-quota", "artifacthub-pkg.yml"), "utf8")).toContain("ghcr.io/acme/policies/team-quota:v0.1.0");
    for (const file of ["metadata.yml", "artifacthub-pkg.yml"]) expect(readFileSync(join(root, "policies", "team-quota", file), "utf8")).not.toMatch(/wardenkit maintainers|ghcr\.io\/wardenkit/);
  });

  it("names no one else when it is not told who the team is, and says what is missing", () => {
    const { root } = scaffoldProject(join(base, "anonymous"));
    const created = scaffoldPolicy(readProject(root), "team-quota");
    const metadata = readFileSync(join(root, "policies", "team-quota", "metadata.yml"), "utf8");
    expect(metadata).not.toMatch(/wardenkit maintainers|ghcr\.io\/wardenkit|io\.kubewarden\.policy\.(author|ociUrl|url|source)/);
    expect(created.files).not.toContain("policies/team-quota/artifacthub-pkg.yml");
    expect(created.notes).toEqual([expect.stringMatching(/^policies\/team-quota\/metadata\.yml has no io\.kubewarden\.policy\.ociUrl: package\.json names no registry/)]);
    const registry = scaffoldProject(join(base, "own-registry"), { registry: "registry.acme.example:5000/platform/policies" });
    expect(readProject(registry.root).identity.registry).toBe("registry.acme.example:5000/platform/policies");
  });

  it("keeps serve's keys out of the repository and checks the Artifact Hub files in make test", () => {
    const { root } = scaffoldProject(join(base, "safe"));
    expect(readFileSync(join(root, ".gitignore"), "utf8").split("\n")).toContain(".wardenkit/");
    expect(readFileSync(join(root, "Makefile"), "utf8")).toMatch(/^test: build\n\t\$\(NPM\) test\n\tnpx wardenkit artifacthub --check$/m);
  });

  it("refuses an author without a mail address and a registry that is not host/prefix", () => {
    expect(() => scaffoldProject(join(base, "bad-author"), { author: "Acme platform" })).toThrow("--author: 'Acme platform' needs an e-mail address: Name <mail>");
    expect(() => scaffoldProject(join(base, "bad-registry"), { registry: "https://ghcr.io" })).toThrow("--registry 'https://ghcr.io' must be a registry host and a prefix, such as ghcr.io/acme/policies");
  });
});
