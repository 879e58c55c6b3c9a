// `wardenkit run`, `wardenkit test` and the command dispatcher, run as a user runs them.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runWardenkit } from "../support/run-command.ts";
import { commandNames, summaryOf } from "../../src/cli/main.ts";

const UNLABELLED = "fixtures/required-labels/create-pod-unlabelled.json";

describe("wardenkit run", () => {
  it("prints the AdmissionReview answer of a policy", async () => {
    const run = await runWardenkit(["run", "required-labels", "--request", UNLABELLED, "--settings", '{"requiredLabels":["owner"]}']);
    expect(run.code).toBe(0);
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

  it("refuses invalid settings with exit 1 and the policy's message, like kwctl", async () => {
    const run = await runWardenkit(["run", "required-labels", "--request", UNLABELLED, "--settings", '{"requiredLabels":"owner"}']);
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr.trim()).toBe("wardenkit run: invalid settings: requiredLabels must be a list of strings, not string \"owner\"");
  });

  it.each([
    [["run", "required-labels"], "wardenkit run: --request <file> is required"],
    [["run", "no-such-policy", "--request", UNLABELLED], "wardenkit run: dist/no-such-policy.wasm not found: run npm run build, or give a .wasm path"],
    [["run", "required-labels", "--request", "missing.json"], "wardenkit run: cannot read missing.json: ENOENT"],
    [["run", "required-labels", "--request", "package.json"], "wardenkit run: the request has no uid"],
    [["run", "required-labels", "--request", UNLABELLED, "--settings", "{"], /^wardenkit run: settings are neither a file nor valid JSON\/YAML/],
  ])("says what is wrong in one line: %j", async (args, message) => {
    const run = await runWardenkit(args as string[]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(message);
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

  it("refuses a case file with unknown keys", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-cases-"));
    writeFileSync(join(dir, "cases.yaml"), "policy: required-labels\ncases:\n  - name: typo\n    objet: {}\n    expect: { allowed: true }\n");
    const run = await runWardenkit(["test", join(dir, "cases.yaml")]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`wardenkit test: ${join(dir, "cases.yaml")}: typo: unknown keys objet`);
  });
});

describe("the dispatcher", () => {
  it("finds a one-line summary in every command file without loading it", async () => {
    for (const name of commandNames()) {
      const command = await import(`../../src/cli/commands/${name}.ts`);
      expect(summaryOf(name), name).toBe(command.summary);
    }
  });

  it("lists commands and refuses unknown ones", async () => {
    const help = await runWardenkit(["--help"]);
    expect(help.stdout).toMatch(/^ {2}run {10}evaluate an AdmissionReview/m);
    const unknown = await runWardenkit(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^wardenkit: unknown command 'frobnicate'/);
  });
});
