// `wardenkit test` and `wardenkit run` never run a module older than its sources: in a
// throwaway copy of the project, an edit to a policy makes the next run rebuild its module
// first and say which input changed; an edit that does not compile makes the run refuse the
// stale module instead of running it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUILD_STATE_DIR } from "../../src/build/build-state.ts";
import { PROJECT } from "../support/project.ts";
import { projectCopy } from "../support/project-copy.ts";
import { runWardenkit } from "../support/run-command.ts";

const POLICY = "required-labels";
const SOURCE = `policies/${POLICY}/assembly/validate.ts`;
const REQUEST = `fixtures/${POLICY}/create-pod-labelled.json`;
let root: string;
let original: string;

beforeAll(() => {
  root = projectCopy("stale", [`policies/${POLICY}`, `fixtures/${POLICY}`]).root;
  // The module and the record of its build, as `npm run build` left them: current here too.
  mkdirSync(join(root, "dist", BUILD_STATE_DIR), { recursive: true });
  for (const file of [`${POLICY}.wasm`, `${BUILD_STATE_DIR}/${POLICY}.json`]) cpSync(join(PROJECT.folders.dist, file), join(root, "dist", file));
  original = readFileSync(join(root, SOURCE), "utf8");
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const wardenkit = (...args: string[]) => runWardenkit(args, { cwd: root });
const REBUILDING = new RegExp(`^dist/${POLICY}\\.wasm is out of date \\(${SOURCE.replaceAll("/", "\\/").replace(".ts", "\\.ts")} changed\\): rebuilding it$`, "m");

describe("a module older than its sources", () => {
  it("is run as it is while it is current", async () => {
    const test = await wardenkit("test", `fixtures/${POLICY}`);
    expect(test.code, test.stderr).toBe(0);
    expect(test.stderr).not.toMatch(/out of date/);
  });

  it("is rebuilt by `wardenkit test`, which says which source changed, once", async () => {
    appendFileSync(join(root, SOURCE), "\n// an edit\n");
    const test = await wardenkit("test", `fixtures/${POLICY}`, "-o", "json");
    expect(test.code, test.stderr).toBe(0);
    expect(test.stderr).toMatch(REBUILDING);
    expect(JSON.parse(test.stdout).every((r: { passed: boolean }) => r.passed)).toBe(true);
    const again = await wardenkit("test", `fixtures/${POLICY}`);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/out of date/);
  });

  it("is refused by `wardenkit run` when it cannot be rebuilt, and rebuilt once it can", async () => {
    writeFileSync(join(root, SOURCE), `${original}\nthis does not compile\n`);
    const refused = await wardenkit("run", POLICY, "--request", REQUEST);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(new RegExp(`^wardenkit run: dist/${POLICY}\\.wasm is out of date \\(.*validate\\.ts changed\\) and rebuilding it failed, so it is not run: `, "m"));

    writeFileSync(join(root, SOURCE), original);
    const run = await wardenkit("run", POLICY, "--request", REQUEST, "--settings", '{"requiredLabels":["app"]}');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/is out of date \(.*\): rebuilding it/);
    expect(JSON.parse(run.stdout).response.allowed).toBe(true);
  });
});
