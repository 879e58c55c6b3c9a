// wardenkit in a team's own repository, as a user meets it: both packages packed with
// `npm pack`, `wardenkit init` in a folder outside this repository, the two tarballs
// installed there from the npm cache (`npm install --offline`: no network beyond what
// `make test` installed), then new, build, test, push to a real registry and manifest,
// all run from that folder by the installed command. The packed CLI is lib/ as built
// before the suites (the global setup or `make`); packing does not rebuild it, so no
// other test sees lib/ change under it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { PROJECT } from "../support/project.ts";
import { runCommand, runWardenkit, type CommandResult } from "../support/run-command.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { offlineLockfile } from "./offline-lockfile.ts";
import { integrityChecksums } from "../../src/build/spdx-package.ts";

const POLICY = "team-quota";

let work: string;
let repo: string;
let registry: RunningRegistry;
const tarballs: Record<string, string> = {};

/** The environment of a user's shell: no npm settings inherited from the npm that runs the tests, no registry credentials. */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && !key.startsWith("WARDENKIT_")));
  return { ...env, DOCKER_CONFIG: join(work, "docker") };
}

function expectSuccess(run: CommandResult, what: string): void {
  expect(run.code, `${what}\n${run.stdout}\n${run.stderr}`).toBe(0);
}

async function pack(dir: string): Promise<string> {
  const run = await runCommand("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: dir, env: userEnv() });
  expectSuccess(run, `npm pack in ${dir}`);
  const [{ filename }] = JSON.parse(run.stdout) as { filename: string }[];
  return join(work, filename);
}

/** The installed `wardenkit` command of the team's repository, run from `cwd`. */
function installed(args: string[], cwd = repo): Promise<CommandResult> {
  return runCommand(join(repo, "node_modules", ".bin", "wardenkit"), args, { cwd, env: userEnv() });
}

beforeAll(async () => {
  expect(existsSync(join(PROJECT.root, "lib", "cli", "main.js")), "lib/ is built by `npm run build:cli` (make, or the global setup)").toBe(true);
  work = mkdtempSync(join(tmpdir(), "wardenkit-own-repository-"));
  expect(relative(PROJECT.root, work).startsWith(".."), `${work} is outside ${PROJECT.root}`).toBe(true);
  tarballs.cli = await pack(PROJECT.root);
  tarballs.sdk = await pack(join(PROJECT.root, "sdk"));
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("a policy repository of its own", () => {
  it("packs wardenkit with its compiled CLI and shipped assets, and the SDK with its sources", async () => {
    const listing = await runCommand("tar", ["-tzf", tarballs.cli]);
    const files = listing.stdout.split("\n");
    expect(files).toEqual(expect.arrayContaining([
      "package/bin/wardenkit.mjs", "package/lib/cli/main.js", "package/lib/build/compile-worker.mjs", "package/package.json",
      "package/deploy/crds/policies.kubewarden.io_clusteradmissionpolicies.yaml", "package/src/scaffold/template/policy/assembly/index.ts.tmpl",
      "package/src/scaffold/project-template/dot-github/workflows/ci.yml",
    ]));
    expect(files.filter((f) => f.startsWith("package/src/") && f.endsWith(".ts")), "no TypeScript source ships").toEqual([]);
    expect(files.filter((f) => f.startsWith("package/test/") || f.startsWith("package/policies/"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("package/tools/") || f.startsWith("package/bench/")), "no repository tooling ships").toEqual([]);
    const compiledWithoutSource = files
      .filter((f) => f.startsWith("package/lib/"))
      .filter((f) => !["ts", "mjs"].some((ext) => existsSync(join(PROJECT.root, "src", f.slice("package/lib/".length).replace(/\.(js|mjs)$/, `.${ext}`)))));
    expect(compiledWithoutSource, "lib/ holds exactly what src/ compiles to").toEqual([]);
    const sdk = (await runCommand("tar", ["-tzf", tarballs.sdk])).stdout.split("\n");
    expect(sdk).toEqual(expect.arrayContaining(["package/index.ts", "package/asconfig.json", "package/assembly/index.ts", "package/assembly/abort.ts", "package/README.md"]));
  });

  it("is created by wardenkit init, installs offline, and builds, tests, pushes and describes a new policy", async () => {
    const init = await runWardenkit(["init", "team-policies"], { cwd: work, env: userEnv() });
    expectSuccess(init, "wardenkit init");
    repo = join(work, "team-policies");
    for (const file of ["package.json", "asconfig.json", "Makefile", "README.md", ".gitignore", ".github/workflows/ci.yml", "policies", "fixtures"]) {
      expect(existsSync(join(repo, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "team-policies", wardenkit: {}, dependencies: { wardenkit: `^${PROJECT.version}`, "@wardenkit/sdk": `^${PROJECT.version}` } });

    writeFileSync(join(repo, "package-lock.json"), offlineLockfile(repo, { dir: PROJECT.root, tarball: tarballs.cli }, { dir: join(PROJECT.root, "sdk"), tarball: tarballs.sdk }));
    const install = await runCommand("npm", ["ci", "--offline", "--no-audit", "--no-fund"], { cwd: repo, env: userEnv() });
    expectSuccess(install, "npm ci --offline of the two tarballs");
    for (const devTool of ["tsx", "typescript", "vitest"]) expect(existsSync(join(repo, "node_modules", devTool)), `${devTool} is not installed`).toBe(false);

    const created = await installed(["new", POLICY]);
    expectSuccess(created, "wardenkit new");
    expect(readFileSync(join(repo, "policies", POLICY, "assembly", "index.ts"), "utf8")).toContain('from "@wardenkit/sdk"');

    const built = await runCommand("npm", ["run", "build"], { cwd: repo, env: userEnv() });
    expectSuccess(built, "npm run build");
    expect(built.stdout).toContain(`built dist/${POLICY}.wasm`);
    // Its SBOM names the SDK and the compiler as the repository's lock installed them.
    const sbom = JSON.parse(readFileSync(join(repo, "dist", `${POLICY}.spdx.json`), "utf8")) as { packages: { name: string; versionInfo: string; downloadLocation: string; checksums?: unknown }[] };
    const locked = (JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string; integrity?: string; resolved?: string }> }).packages;
    const sbomPackage = (name: string) => sbom.packages.find((p) => p.name === name);
    expect(sbomPackage("@wardenkit/sdk")).toMatchObject({ versionInfo: PROJECT.version, downloadLocation: locked["node_modules/@wardenkit/sdk"].resolved });
    const compiler = locked["node_modules/assemblyscript"];
    expect(sbomPackage("assemblyscript")).toMatchObject({ versionInfo: compiler.version, downloadLocation: compiler.resolved ?? "NOASSERTION", checksums: integrityChecksums(compiler.integrity!) });

    // From a folder below the root, as from the root.
    const tested = await installed(["test"], join(repo, "policies"));
    expectSuccess(tested, "wardenkit test");
    expect(tested.stdout).toMatch(/^3 passed, 0 failed$/m);

    const pushed = await installed(["push", `dist/${POLICY}.wasm`, `registry://${registry.host}/team/${POLICY}:v${PROJECT.version}`, "-o", "json"]);
    expectSuccess(pushed, "wardenkit push");
    const { reference, digest } = JSON.parse(pushed.stdout) as { reference: string; digest: string };
    expect(reference).toBe(`registry://${registry.host}/team/${POLICY}@${digest}`);

    const described = await installed(["manifest", POLICY, "--module", reference, "--settings", '{"deniedNames":["forbidden"]}']);
    expectSuccess(described, "wardenkit manifest");
    expect(parse(described.stdout)).toMatchObject({
      apiVersion: "policies.kubewarden.io/v1",
      kind: "ClusterAdmissionPolicy",
      metadata: { name: POLICY },
      spec: { module: reference, settings: { deniedNames: ["forbidden"] }, mutating: false },
    });
  });
});
