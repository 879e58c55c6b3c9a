// The README's "Commands" section against what the commands do: its table lists every
// command there is, and its exit codes (0 success, 1 a failure, 2 a command line that does
// not parse) are each command's, for every kind of failure it names.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/registry.ts";
import { freePort } from "../../tools/free-ports.ts";
import { PROJECT } from "../support/project.ts";
import { runWardenkit, type CommandResult } from "../support/run-command.ts";

const README = readFileSync(join(PROJECT.root, "README.md"), "utf8");
const SECTION = README.slice(README.indexOf("## Commands"), README.indexOf("\n## ", README.indexOf("## Commands") + 1));
const UNLABELLED = "fixtures/required-labels/create-pod-unlabelled.json";

const work = mkdtempSync(join(tmpdir(), "wardenkit-readme-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What the README says each exit code means: `exit code 0 is success, 1 a failure (…), 2 …`. */
function exitCodes(): { success: string; failures: string[]; usage: string } {
  const match = /exit code 0 is (\w+), 1 a failure \(([^)]+)\), 2 ([^.(]+?) \(/.exec(SECTION.replace(/\s+/g, " "));
  if (!match) throw new Error("the README's Commands section no longer states the exit codes");
  return { success: match[1], failures: match[2].split(/, | or /).map((f) => f.trim()), usage: match[3] };
}

/** A command that fails for each kind of failure the README names. */
const FAILURES: Record<string, () => Promise<CommandResult>> = {
  "a failed case": async () => {
    const cases = join(work, "cases.yaml");
    writeFileSync(cases, "policy: required-labels\nsettings: { requiredLabels: [owner] }\ncases:\n  - name: wrong\n    object: { apiVersion: v1, kind: ConfigMap, metadata: { name: c } }\n    expect: { allowed: true }\n");
    return runWardenkit(["test", cases]);
  },
  "a denial": () => runWardenkit(["run", "required-labels", "--request", UNLABELLED, "--settings", '{"requiredLabels":["owner"]}']),
  "an unreachable registry": async () => runWardenkit(["inspect", `registry://127.0.0.1:${await freePort()}/policies/required-labels:v1`]),
};

describe("the README's Commands section", () => {
  it("lists every command in its table, and no other", () => {
    const table = [...SECTION.matchAll(/^\| (.+?) \|/gm)].map((m) => m[1]).filter((cell) => cell !== "command" && !/^-+$/.test(cell));
    const named = table.flatMap((cell) => [...cell.matchAll(/`([a-z][a-z-]*)[^`]*`/g)].map((m) => m[1]));
    expect([...new Set(named)].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it("names the exit codes the command line returns", () => {
    expect(exitCodes()).toEqual({ success: "success", failures: Object.keys(FAILURES), usage: "a command line that does not parse" });
  });

  it.each(Object.keys(FAILURES))("exits 1 for %s", async (failure) => {
    const result = await FAILURES[failure]();
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /); // one line, no stack
  });

  it("exits 1 when run's policy denies, printing the AdmissionReview all the same, and 0 when it allows", async () => {
    const denied = await FAILURES["a denial"]();
    expect(JSON.parse(denied.stdout).response.allowed).toBe(false);
    const allowed = await runWardenkit(["run", "required-labels", "--request", UNLABELLED, "--settings", '{"requiredLabels":["app"]}']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout).response.allowed).toBe(true);
  });

  it.each(COMMANDS.map((c) => c.name))("exits 2 with the usage line when %s's command line does not parse", async (name) => {
    const result = await runWardenkit([name, "--no-such-flag"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^wardenkit ${name}: unknown flag --no-such-flag; usage: wardenkit ${name}`));
  });

  it("exits 2 for no command or an unknown one, and 0 for --help", async () => {
    expect((await runWardenkit([])).code).toBe(2);
    expect((await runWardenkit(["frobnicate"])).code).toBe(2);
    for (const command of COMMANDS) expect((await runWardenkit([command.name, "--help"])).code).toBe(0);
  });
});
