// `wardenkit run`, `wardenkit test` and the command dispatcher, run in-process with their
// output and exit code captured.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runWardenkit } from "../support/run-command.ts";
import { compileWithStartSection } from "../support/start-section.ts";
import { packageVersion } from "../../src/io/package-root.ts";
import { EMPTY_MODULE } from "../support/wasm.ts";
import { withMetadata } from "../support/metadata-variant.ts";

const UNLABELLED = "fixtures/required-labels/create-pod-unlabelled.json";

describe("wardenkit run", () => {
  it("prints the AdmissionReview answer of a policy, and exits 1 when it denies, as the README says", async () => {
    const run = await runWardenkit(["run", "required-labels", "--request", UNLABELLED, "--settings", '{"requiredLabels":["owner"]}']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("wardenkit run: required-labels denied the request: Pod shop/checkout-7d9f8 is missing required labels owner\n");
    expect(JSON.parse(run.stdout)).toEqual({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      response: { uid: "1b6f0a1e-0002-4d6a-9d1c-2f3e4a5b6c7d", allowed: false, status: { message: "Pod shop/checkout-7d9f8 is missing required labels owner" } },
    });
  });

  it("accepts a .wasm path, a bare AdmissionRequest and settings from a YAML file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-run-"));
    writeFileSync(join(dir, "request.json"), JSON.stringify({
      uid: "u1", kind: { group: "", version: "v1", kind: "ConfigMap" }, resource: { group: "", version: "v1", resource: "configmaps" },
      operation: "CREATE", userInfo: {}, object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", labels: { owner: "x" } } },
    }));
    writeFileSync(join(dir, "settings.yaml"), "requiredLabels:\n  - owner\n");
    const run = await runWardenkit(["run", "dist/required-labels.wasm", "--request", join(dir, "request.json"), "--settings", join(dir, "settings.yaml")]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).response).toEqual({ uid: "u1", allowed: true });
  });

  it("prints the same answer as YAML with -o yaml", async () => {
    const args = ["run", "required-labels", "--request", UNLABELLED, "--settings", '{"requiredLabels":["owner"]}'];
    const [json, yaml] = await Promise.all([runWardenkit(args), runWardenkit([...args, "-o", "yaml"])]);
    expect(yaml.code).toBe(1);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  });

  it("refuses invalid settings with exit 1 and the policy's message, like kwctl", async () => {
    const run = await runWardenkit(["run", "required-labels", "--request", UNLABELLED, "--settings", '{"requiredLabels":"owner"}']);
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr.trim()).toBe("wardenkit run: invalid settings: requiredLabels must be a list of strings, not string \"owner\"");
  });

  it("grants every host capability by default and only the listed ones with --allowed-host-capabilities, like kwctl", async () => {
    const args = ["run", "pod-density", "--request", "fixtures/pod-density/binding-full-node.json", "--settings", '{"eniMaxPods":true}', "--cluster", "fixtures/pod-density/cluster.yaml"];
    const all = await runWardenkit(args);
    expect(JSON.parse(all.stdout).response.status.message).toMatch(/already runs 17 pods/);
    const none = await runWardenkit([...args, "--allowed-host-capabilities", ""]);
    expect(JSON.parse(none.stdout).response.status.message).toMatch(/Policy has not been granted access to the 'kubernetes\/get_resource' host capability/);
    const bad = await runWardenkit([...args, "--allowed-host-capabilities", "kube*"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^wardenkit run: --allowed-host-capabilities: hostCapabilities pattern "kube\*" is invalid/);
  });

  it("refuses a module with a wasm start section, which policy-server cannot load", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-run-"));
    writeFileSync(join(dir, "legacy.wasm"), await compileWithStartSection());
    const run = await runWardenkit(["run", join(dir, "legacy.wasm"), "--request", UNLABELLED]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^wardenkit run: legacy has a wasm start section .* export the initialisation as _start instead/);
  });

  it.each([
    [["run", "no-such-policy", "--request", UNLABELLED], "wardenkit run: no policy no-such-policy in policies/ (its policies: pod-density, required-labels, run-as-non-root, sql-claim-size, trusted-images); give the name of a policy of the project, a .wasm file, a registry://host/repository:tag reference or an https:// URL"],
    [["run", "required-labels", "--request", "missing.json"], "wardenkit run: cannot read missing.json: no such file"],
    [["run", "required-labels", "--request", "fixtures"], "wardenkit run: cannot read fixtures: it is a directory, not a file"],
    [["run", "required-labels", "--request", UNLABELLED, "--settings", "missing-settings.yaml"], /^wardenkit run: --settings missing-settings\.yaml: no such file, and not inline settings either/],
    [["run", "required-labels", "--request", UNLABELLED, "--settings", "fixtures"], "wardenkit run: --settings fixtures is a directory, not a settings file"],
    [["run", "fixtures/", "--request", UNLABELLED], "wardenkit run: module fixtures/ is a directory, not a .wasm file"],
    [["run", "required-labels", "--request", UNLABELLED, "--replay", "missing-session.yml"], "wardenkit run: cannot read missing-session.yml: no such file"],
    [["run", "required-labels", "--request", UNLABELLED, "--cluster", "fixtures"], "wardenkit run: cannot read fixtures: it is a directory, not a file"],
    [["run", "required-labels", "--request", "package.json"], "wardenkit run: the request has no uid"],
    [["run", "required-labels", "--request", UNLABELLED, "--settings", "{"], /^wardenkit run: settings are neither a file nor valid JSON\/YAML/],
  ])("says what is wrong in one line: %j", async (args, message) => {
    const run = await runWardenkit(args as string[]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(message);
  });
});

describe("wardenkit run answers as policy-server would with a manifest made from the metadata", () => {
  const POD_UNSET = "fixtures/run-as-non-root/pod-create-unset.json";

  it("refuses a patch when the metadata says mutating: false", async () => {
    const module = withMetadata("run-as-non-root", { mutating: false }, "pod-defaults");
    const run = await runWardenkit(["run", module, "--request", POD_UNSET, "--settings", '{"mutate":true}']);
    expect(run.code).toBe(1); // a denial
    expect(JSON.parse(run.stdout).response).toEqual({
      uid: expect.any(String),
      allowed: false,
      status: { message: "Request rejected by policy pod-defaults. The policy attempted to mutate the request, but it is currently configured to not allow mutations." },
    });
  });

  it("gives the patch when the metadata says mutating: true", async () => {
    const run = await runWardenkit(["run", "run-as-non-root", "--request", POD_UNSET, "--settings", '{"mutate":true}']);
    expect(JSON.parse(run.stdout).response).toMatchObject({ allowed: true, patchType: "JSONPatch" });
    expect(run.stderr).not.toContain("note:"); // a rebuild of a stale module may be reported there
  });

  it("notes on stderr a request the policy's rules would not send, and still answers it", async () => {
    const run = await runWardenkit(["run", "required-labels", "--request", "fixtures/run-as-non-root/pod-ephemeralcontainers-debug-root.json", "--settings", '{"requiredLabels":["owner"]}']);
    expect(run.code).toBe(1); // a denial
    expect(run.stderr.trim().split("\n")).toEqual([
      "note: the cluster would not send this request to required-labels: no rule matches UPDATE pods/ephemeralcontainers (v1)",
      expect.stringMatching(/^wardenkit run: required-labels denied the request: /),
    ]);
    expect(JSON.parse(run.stdout).response.allowed).toBe(false);
  });
});

describe("wardenkit run on a module that is not a policy", () => {
  it("says it is not a Kubewarden policy instead of failing inside the host", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-run-"));
    writeFileSync(join(dir, "empty.wasm"), EMPTY_MODULE);
    const run = await runWardenkit(["run", join(dir, "empty.wasm"), "--request", UNLABELLED]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("wardenkit run: empty is not a Kubewarden policy: it has no __guest_call export");
  });
});

describe("wardenkit test", () => {
  it("runs case files and ends with a passed/failed count", async () => {
    const run = await runWardenkit(["test", "fixtures/required-labels", "fixtures/sql-claim-size"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ok {3}required-labels: a pod with every label and annotation is accepted/m);
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it("shows what differs when a case fails, and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-cases-"));
    writeFileSync(join(dir, "cases.yaml"), [
      "policy: required-labels",
      "settings: { requiredLabels: [owner] }",
      "cases:",
      "  - name: expects the wrong verdict",
      "    object: { apiVersion: v1, kind: ConfigMap, metadata: { name: c } }",
      "    expect: { allowed: true }",
      "  - name: expects the wrong message",
      "    object: { apiVersion: v1, kind: ConfigMap, metadata: { name: c } }",
      "    expect: { allowed: false, message: 'nothing like it' }",
    ].join("\n"));
    const run = await runWardenkit(["test", join(dir, "cases.yaml")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL required-labels: expects the wrong verdict\n       expected allowed=true, got allowed=false (message: ConfigMap c is missing required labels owner)");
    expect(run.stdout).toContain('message "ConfigMap c is missing required labels owner" does not match /nothing like it/');
    expect(run.stdout.trim().split("\n").at(-1)).toBe("0 passed, 2 failed");
  });

  it("fails a case with unknown keys and runs the others", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-cases-"));
    writeFileSync(join(dir, "cases.yaml"), [
      "policy: required-labels",
      "cases:",
      "  - name: typo",
      "    objet: {}",
      "    expect: { allowed: true }",
      "  - name: a config map",
      "    object: { apiVersion: v1, kind: ConfigMap, metadata: { name: c } }",
      "    expect: { allowed: true }",
    ].join("\n"));
    const run = await runWardenkit(["test", join(dir, "cases.yaml")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL required-labels: typo\n       unknown keys objet (known: name, request, object,");
    expect(run.stdout).toContain("ok   required-labels: a config map");
    expect(run.stdout.trim().split("\n").at(-1)).toBe("1 passed, 1 failed");
  });

  it("refuses a case file whose own keys are wrong, naming the file, with exit 2 (1 is a failed case)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-cases-"));
    writeFileSync(join(dir, "cases.yaml"), "policy: required-labels\nsetings: {}\ncases: []\n");
    const run = await runWardenkit(["test", join(dir, "cases.yaml")]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(`wardenkit test: ${join(dir, "cases.yaml")}: unknown top-level keys setings (known: policy,`);
  });
});

describe("the dispatcher", () => {
  it.each(["--version", "-V"])("prints the version for %s", async (flag) => {
    const run = await runWardenkit([flag]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout.trim()).toBe(`wardenkit ${packageVersion()}`);
  });

  it("lists commands and refuses unknown ones", async () => {
    const help = await runWardenkit(["--help"]);
    expect(help.stdout).toMatch(/^ {2}run {10}evaluate an AdmissionReview/m);
    expect(help.code).toBe(0);
    const unknown = await runWardenkit(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^wardenkit: unknown command 'frobnicate'/);
  });
});
