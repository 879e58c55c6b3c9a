// Every command that takes a policy reads it the same way (its name, a .wasm file or a
// registry:// reference) with the same default settings (a project policy's settings.yml, {}
// for any other module), and its errors name the flag that would have helped. Registry
// references are pulled from a real CNCF distribution registry.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkSettingsArg, settingsFor } from "../../src/cli/actions/settings-arg.ts";
import { sha256Digest } from "../../src/kubewarden/digest.ts";
import { policyIn } from "../../src/project/policies.ts";
import { freePort } from "../../tools/free-ports.ts";
import { builtModulePath, loadBuiltPolicy, validSettings } from "../support/policies.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { anonymousWardenkit } from "../support/run-command.ts";

const CLAIM = "bench/requests/sqlclaim.json"; // asks for size medium
const QUICK = ["--rounds", "3", "--warmup", "5"];
const SMALL_AND_MEDIUM = '{"allowedSizes":["small","medium"]}';
const MODULE = "registry://registry.example:5000/wardenkit/sql-claim-size:v1";

let registry: RunningRegistry;
let work: string;
beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), "wardenkit-module-args-"));
});
afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The CLI without the developer's registry credentials. */
const wardenkit = anonymousWardenkit(() => work);

describe("a policy named on the command line", () => {
  it("push takes a policy's name, as run, manifest, build and bench do: its build in dist/", async () => {
    const pushed = await wardenkit("push", "sql-claim-size", `registry://${registry.host}/team/sql-claim-size:v1`, "-o", "json");
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(JSON.parse(pushed.stdout).layerDigest).toBe(sha256Digest(readFileSync(builtModulePath("sql-claim-size"))));
    const remote = await wardenkit("push", `registry://${registry.host}/team/sql-claim-size:v1`, `registry://${registry.host}/team/copy:v1`);
    expect(remote).toMatchObject({ code: 1, stderr: expect.stringMatching(/^wardenkit push: module registry:\/\/\S+: a registry:\/\/host\/repository:tag reference is not taken here; give the name of a policy of the project or a \.wasm file\n$/) });
  });

  it("run, manifest, bench and inspect pull a registry:// reference, which is no project policy: its settings are {} unless given", async () => {
    const reference = `registry://${registry.host}/team/sql-claim-size:v1`;
    await wardenkit("push", "sql-claim-size", reference);

    const unsettled = await wardenkit("run", reference, "--request", CLAIM);
    expect(unsettled).toMatchObject({ code: 1, stdout: "" });
    expect(unsettled.stderr).toMatch(/^wardenkit run: invalid settings: allowedSizes is required.* \(no settings were given: --settings gives them\)\n$/);
    const run = await wardenkit("run", reference, "--request", CLAIM, "--settings", SMALL_AND_MEDIUM);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).response.allowed).toBe(true);

    // kwctl scaffold manifest takes a reference too; the policy-server fetches the module from it.
    const manifest = await wardenkit("manifest", reference, "--settings", SMALL_AND_MEDIUM, "-o", "json");
    expect(manifest.code, manifest.stderr).toBe(0);
    expect(JSON.parse(manifest.stdout)).toMatchObject({ metadata: { name: "sql-claim-size" }, spec: { module: reference } });

    const bench = await wardenkit("bench", reference, "--request", CLAIM, "--settings", SMALL_AND_MEDIUM, ...QUICK, "-o", "json");
    expect(bench.code, bench.stderr).toBe(0);
    expect(JSON.parse(bench.stdout).module).toBe(reference);

    const inspected = await wardenkit("inspect", "sql-claim-size", "-o", "json");
    expect(JSON.parse(inspected.stdout)).toMatchObject({ source: "dist/sql-claim-size.wasm", digest: sha256Digest(readFileSync(builtModulePath("sql-claim-size"))) });
  });

  it("reads a reference without a scheme as a manifest's module location is read, and says what a module may be", async () => {
    const bare = await wardenkit("manifest", `${registry.host}/team/sql-claim-size:v1`, "--settings", SMALL_AND_MEDIUM, "-o", "json");
    expect(bare.code, bare.stderr).toBe(0);
    expect(JSON.parse(bare.stdout).spec).toMatchObject({ module: `registry://${registry.host}/team/sql-claim-size:v1`, settings: { allowedSizes: ["small", "medium"] } });
    const missing = await wardenkit("run", "nowhere/sql-claim-size", "--request", CLAIM);
    expect(missing).toMatchObject({ code: 1, stderr: "wardenkit run: module nowhere/sql-claim-size not found\n" });
    const unbuilt = await wardenkit("run", "no-such-policy", "--request", CLAIM);
    expect(unbuilt.stderr).toMatch(/^wardenkit run: no policy no-such-policy in policies\/ \(its policies: .*sql-claim-size.*\); give the name of a policy of the project, a \.wasm file, a registry:\/\/host\/repository:tag reference or an https:\/\/ URL\n$/);
  });
});

describe("settings when --settings is not given", () => {
  it("a project policy has its policies/<name>/settings.yml, for run, manifest and bench alike", async () => {
    const run = await wardenkit("run", "sql-claim-size", "--request", CLAIM);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).response.allowed).toBe(true);
    const manifest = await wardenkit("manifest", "sql-claim-size", "--module", MODULE);
    expect(manifest.code, manifest.stderr).toBe(0);
    expect(parse(manifest.stdout).spec.settings).toEqual(validSettings("sql-claim-size"));
    // A built module given as a path of the project's dist/ is still that policy's build.
    const byPath = await wardenkit("manifest", "dist/sql-claim-size.wasm", "--module", MODULE, "-o", "json");
    expect(JSON.parse(byPath.stdout).spec.settings).toEqual(validSettings("sql-claim-size"));
  });

  it("a module that is no project policy has none, and the error says which flag gives them", async () => {
    const file = join(work, "sql-claim-size.wasm");
    copyFileSync(builtModulePath("sql-claim-size"), file);
    const manifest = await wardenkit("manifest", file, "--module", MODULE);
    expect(manifest).toMatchObject({ code: 1, stdout: "" });
    expect(manifest.stderr).toMatch(/^wardenkit manifest: invalid settings: allowedSizes is required.* \(no settings were given: --settings gives them\)\n$/);
  });

  it("a group member is read and defaulted as a policy is", async () => {
    const group = await wardenkit(
      "manifest", "--group", "sizes", "--expression", "size()", "--message", "no",
      "--member", `size=registry://${registry.host}/team/sql-claim-size:v1`, "--member-settings", `size=${SMALL_AND_MEDIUM}`, "-o", "json",
    );
    expect(group.code, group.stderr).toBe(0);
    expect(JSON.parse(group.stdout).spec.policies.size).toMatchObject({ module: `registry://${registry.host}/team/sql-claim-size:v1`, settings: { allowedSizes: ["small", "medium"] } });
    const unsettled = await wardenkit("manifest", "--group", "sizes", "--expression", "size()", "--message", "no", "--member", `size=${join(work, "sql-claim-size.wasm")}`, "--member-module", `size=${MODULE}`);
    expect(unsettled.stderr).toMatch(/^wardenkit manifest: member size: invalid settings: allowedSizes is required.* \(no settings were given: --member-settings size gives them\)\n$/);
  });

  it("settings.yml that the policy refuses, or a missing one, is named with the flag that gives others", async () => {
    const policies = mkdtempSync(join(work, "policies-"));
    const policy = policyIn(policies, "sql-claim-size");
    const module = await loadBuiltPolicy("sql-claim-size");
    expect(() => settingsFor(undefined, policy)).toThrow(/settings\.yml is missing: .*; or give the settings with --settings$/);
    mkdirSync(policy.dir);
    writeFileSync(policy.settingsFile, "allowedSizes: []\n");
    const settings = settingsFor(undefined, policy);
    expect(() => checkSettingsArg(module, settings)).toThrow(new RegExp(`^invalid settings: allowedSizes is required.* \\(read from ${policy.settingsFile}; --settings gives others\\)$`));
    expect(() => checkSettingsArg(module, settingsFor('{"allowedSizes":[]}', policy))).toThrow(/^invalid settings: allowedSizes is required[^(]*$/);
  });

  it("--help says so", async () => {
    for (const command of ["run", "bench", "manifest"]) {
      const help = await wardenkit(command, "--help");
      expect(help.stdout.replace(/\s+/g, " ")).toContain("the policy's settings, inline or in a file (default: policies/<name>/settings.yml for a policy of the project, {} for any other module)");
    }
  });
});

describe("errors and notes that name the flag that helps", () => {
  it("run says a policy that reads the cluster was given none, naming --cluster and --replay", async () => {
    const run = await wardenkit("run", "pod-density", "--request", "fixtures/pod-density/binding-full-node.json");
    expect(run.code).toBe(1); // its reads fail, so it denies
    expect(run.stderr.split("\n")).toContain("note: pod-density reads v1/Pod, v1/Node from the cluster, and no cluster was given: give its objects with --cluster <objects.yaml>, or a recorded session with --replay");
    const given = await wardenkit("run", "pod-density", "--request", "fixtures/pod-density/binding-full-node.json", "--cluster", "fixtures/pod-density/cluster.yaml");
    expect(given.stderr).not.toContain("note:");
  });

  it("manifest names --name when the module's own name is no Kubernetes name", async () => {
    const file = join(work, "Required_Labels.wasm");
    copyFileSync(builtModulePath("required-labels"), file);
    const manifest = await wardenkit("manifest", file, "--module", MODULE, "--settings", '{"requiredLabels":["app"]}');
    expect(manifest).toMatchObject({ code: 1, stdout: "" });
    expect(manifest.stderr).toBe(`wardenkit manifest: metadata.name "Required_Labels" is not a valid name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (at most 253 characters); it was taken from ${file}: give another with --name\n`);
    expect((await wardenkit("manifest", file, "--module", MODULE, "--settings", '{"requiredLabels":["app"]}', "--name", "labels")).code).toBe(0);
  });
});

describe("wardenkit check, on modules it cannot fetch", () => {
  it("names --module, which maps a location to a local module", async () => {
    const location = `registry://127.0.0.1:${await freePort()}/policies/required-labels:v1`;
    const manifest = join(work, "unpublished.yaml");
    writeFileSync(manifest, [
      "apiVersion: policies.kubewarden.io/v1", "kind: ClusterAdmissionPolicy", "metadata: { name: required-labels }",
      `spec: { module: "${location}", mutating: false, settings: { requiredLabels: [app] }, rules: [{ apiGroups: [""], apiVersions: [v1], resources: [pods], operations: [CREATE] }] }`,
    ].join("\n"));
    const pod = join(work, "pod.yaml");
    writeFileSync(pod, "apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\n");
    const unreachable = await wardenkit("check", "--policies", manifest, pod);
    expect(unreachable).toMatchObject({ code: 2, stdout: "" }); // not decided: 2, as 1 is a denial
    expect(unreachable.stderr).toMatch(new RegExp(`^wardenkit check: .*module ${location.replace(/[.*?/]/g, "\\$&")}: cannot reach the registry at .*\\(map it to a local module with --module ${location.replace(/[.*?/]/g, "\\$&")}=<policy or \\.wasm>\\)\n$`));
    const mapped = await wardenkit("check", "--policies", manifest, "--module", `${location}=required-labels`, pod);
    expect(mapped.code, mapped.stderr).toBe(1); // the pod has no app label: a denial
    expect(mapped.stdout).toContain("fail  ClusterAdmissionPolicy required-labels: Pod shop/p is missing required labels app");
  });
});
