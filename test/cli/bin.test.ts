// A few runs of the real bin, as a user starts it: the rest of the CLI's tests run the
// commands in-process (test/support/run-command.ts).
import { describe, expect, it } from "vitest";
import { packageVersion } from "../../src/io/package-root.ts";
import { spawnWardenkit } from "../support/run-command.ts";

describe("the wardenkit bin", () => {
  it("prints the version, the command list and a command's help", async () => {
    const [version, help, serveHelp] = await Promise.all([spawnWardenkit(["--version"]), spawnWardenkit(["--help"]), spawnWardenkit(["serve", "--help"])]);
    expect(version).toMatchObject({ code: 0, stdout: `wardenkit ${packageVersion()}\n`, stderr: "" });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}serve {8}serve policies over HTTPS/m);
    expect(serveHelp.code).toBe(0);
    expect(serveHelp.stdout).toMatch(/^Usage: wardenkit serve \[options\]$/m);
  });

  it("exits 2 with the usage line for a command line that does not parse", async () => {
    const run = await spawnWardenkit(["push", "--bogus"]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toBe("wardenkit push: unknown flag --bogus; usage: wardenkit push <module> <reference> [options]\n");
  });

  it("runs a built policy on a fixture, and exits 1 for its denial and for a failure", async () => {
    const args = ["run", "required-labels", "--request", "fixtures/required-labels/create-pod-unlabelled.json", "--settings", '{"requiredLabels":["owner"]}'];
    const run = await spawnWardenkit(args);
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).response).toMatchObject({ allowed: false });
    const failed = await spawnWardenkit([...args.slice(0, 2), "--request", "missing.json"]);
    expect(failed).toMatchObject({ code: 1, stdout: "", stderr: "wardenkit run: cannot read missing.json: no such file\n" });
  });
});
