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
import { wardenkitArgs } from "../support/wardenkit-args.ts";
import { findCommand } from "../../src/cli/registry.ts";
import { parseCommandLine } from "../../src/cli/command-line.ts";
import { GITHUB_ACTIONS_ISSUER } from "../../src/signing/verification-config.ts";

interface Step {
  run?: string;
  if?: string;
  env?: Record<string, string>;
}

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
    expect({ ...workflow.jobs.publish.env, ...publish.env }).toMatchObject({ WARDENKIT_REGISTRY_USER: "${{ github.actor }}", WARDENKIT_REGISTRY_PASSWORD: "${{ secrets.GITHUB_TOKEN }}" });
  });

  describe("its release", () => {
    let releases = 0;
    const releaseJob = (): { permissions: Record<string, string>; steps: Step[] } => {
      const { root } = scaffoldProject(join(base, `release-${++releases}`));
      return parse(readFileSync(join(root, ".github/workflows/ci.yml"), "utf8")).jobs.publish;
    };
    const releaseSteps = () => releaseJob().steps;
    /** Each `wardenkit` command line of the publish job, in order, with its step. */
    const commandLines = (steps: Step[]) =>
      steps.flatMap((step) => (step.run ?? "").split("\n").filter((line) => /\bwardenkit /.test(line)).map((line) => ({ step, line: line.trim(), args: wardenkitArgs(line) })));

    it("publishes, signs keyless with the workflow's own OIDC token, attaches the SBOMs, writes the cluster's verification config and verifies last", () => {
      const job = releaseJob();
      const steps = job.steps;
      expect(commandLines(steps).map((c) => c.args[0])).toEqual(["publish", "sign", "attest", "verification-config", "verify", "verify"]);
      expect(job.permissions).toEqual({ contents: "read", packages: "write", "id-token": "write" });
      const sign = commandLines(steps).find((c) => c.args[0] === "sign")!;
      expect(sign.step.run).toContain('curl -sSf -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=sigstore"');
      expect(sign.args).toEqual(["sign", "$reference", "--identity-token", "@$RUNNER_TEMP/oidc-token"]);
    });

    it("attaches each policy's SBOM from dist/ keyless with the same OIDC token, needing no key in the repository's secrets", () => {
      const lines = commandLines(releaseSteps());
      const attest = lines.find((c) => c.args[0] === "attest")!;
      expect(attest.args).toEqual(["attest", "$reference", "--sbom", "dist/$policy.spdx.json", "--identity-token", "@$RUNNER_TEMP/oidc-token"]);
      expect(attest.step).toBe(lines.find((c) => c.args[0] === "sign")!.step);
      expect(attest.step.if).toBeUndefined();
      expect(attest.step.env).toBeUndefined();
      expect(JSON.stringify(releaseJob())).not.toContain("secrets.COSIGN");
    });

    it("verifies by the identity GitHub gives this workflow, and by the verification config a cluster would use", () => {
      const verifies = commandLines(releaseSteps()).filter((c) => ["verify", "verification-config"].includes(c.args[0])).map((c) => c.args);
      expect(verifies).toEqual([
        ["verification-config", "--github-owner", "$GITHUB_REPOSITORY_OWNER", "--github-repo", "${GITHUB_REPOSITORY#*/}"],
        ["verify", "$reference", "--certificate-identity", "$GITHUB_SERVER_URL/$GITHUB_WORKFLOW_REF", "--certificate-oidc-issuer", GITHUB_ACTIONS_ISSUER, "--trusted-root", "$RUNNER_TEMP/trusted-root.json"],
        ["verify", "$reference", "--verification-config", "dist/manifests/verification-config.yml", "--trusted-root", "$RUNNER_TEMP/trusted-root.json"],
      ]);
    });

    // sign and verify are declared with the signing commands: a command not registered is reported skipped, never passed.
    it.for(["publish", "sign", "attest", "verification-config", "verify"])("calls %s only with flags it declares", (name, { skip }) => {
      const command = findCommand(name);
      if (!command) return skip(`${name} is not a registered command`);
      for (const { args, line } of commandLines(releaseSteps()).filter((c) => c.args[0] === name)) {
        expect(() => parseCommandLine(command, args.slice(1)), line).not.toThrow();
      }
    });
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
