// What check, test and run were seen to do with large or hostile input, each reproduced:
// a long stream overflowed the stack (exit 1, as if denied), /dev/zero and huge files were
// read into memory, an alias bomb grew for half a minute in check, control characters were
// echoed, and test printed nothing until its last case. Limits are tried with small caps
// (WARDENKIT_MAX_INPUT_SIZE) rather than huge files.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { moduleFlags } from "../../tools/bench/policy-set-bench.ts";
import { main } from "../../src/cli/main.ts";
import type { CommandIo } from "../../src/cli/io.ts";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { formatSize, MAX_INPUT_SIZE_VARIABLE } from "../../src/io/input-size.ts";
import { PROJECT } from "../support/project.ts";
import { runWardenkit, WARDENKIT_BIN } from "../support/run-command.ts";

const dir = mkdtempSync(join(tmpdir(), "wardenkit-input-limits-"));
const POLICIES = ["--policies", "deploy/policy-set", ...moduleFlags()];
const LIMIT_ADVICE = `(set ${MAX_INPUT_SIZE_VARIABLE} to raise it, e.g. ${MAX_INPUT_SIZE_VARIABLE}=1GiB)`;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** ConfigMaps in a namespace no policy of the set looks at: every verdict a skip, so the stream costs its reading. */
function configMaps(count: number, namespace = "elsewhere"): string {
  return Array.from({ length: count }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm-${i}, namespace: ${namespace} }\n`).join("");
}

function labelledPods(count: number): string {
  return Array.from({ length: count }, (_, i) => `---\napiVersion: v1\nkind: Pod\nmetadata: { name: p${i}, namespace: wardenkit-e2e, labels: { app: a, owner: o } }\nspec: { containers: [{ name: c, image: "nginx:1.27", securityContext: { runAsNonRoot: true } }] }\n`).join("");
}

/** The real bin, as a user starts it, with `node` options and standard input from a file descriptor or text. */
function spawnBin(nodeOptions: string[], args: string[], stdin: number | string = "", env: NodeJS.ProcessEnv = process.env) {
  const run = spawnSync(process.execPath, [...nodeOptions, WARDENKIT_BIN, ...args], {
    cwd: PROJECT.root, encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024,
    ...(typeof stdin === "number" ? { stdio: [stdin, "pipe", "pipe"] } : { input: stdin }),
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const withLimit = (size: string) => ({ env: { ...process.env, [MAX_INPUT_SIZE_VARIABLE]: size } });

// Nine levels of nine: 387,420,489 values once copied out, from 400 bytes.
const BOMB_DATA = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat(Array.from("bcdefghi", (name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`));
const BOMB_OBJECT = ["apiVersion: v1", "kind: ConfigMap", "metadata: { name: bomb, namespace: wardenkit-e2e }", "data:", ...BOMB_DATA.map((line) => `  ${line}`)].join("\n") + "\n";
const BOMB_REFUSED = "is refused: its YAML aliases would add 490,328,964 values when copied out, more than 100,000 (an alias bomb)";

describe("check on a long stream", () => {
  it("reads 20,000 objects on a tenth of the default stack, where spreading them into an array overflowed it", () => {
    // The crash: each file's objects were added with push(...objects), which passes every object on
    // the stack; about 120,000 overflowed the default stack. A tenth of it overflowed at 20,000.
    const stream = file("many.yaml", configMaps(20_000));
    const run = spawnBin(["--stack-size=100"], ["check", ...POLICIES, stream]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.endsWith("\n20000 objects: 0 denied; 0 passed, 0 failed, 0 warned, 120000 skipped\n")).toBe(true);
  });

  it("writes each object's verdicts as soon as it is checked, from a file or standard input", async () => {
    const stream = labelledPods(50);
    for (const args of [[file("pods.yaml", stream)], ["-"]]) {
      const validate = vi.spyOn(PolicyEvaluator.prototype, "validate");
      let evaluationsAtFirstWrite: number | undefined;
      const io: CommandIo = {
        stdout: { write: () => void (evaluationsAtFirstWrite ??= validate.mock.calls.length) },
        stderr: { write: () => undefined },
        readStdin: () => [Buffer.from(stream)],
      };
      expect(await main(["check", ...POLICIES, "-o", "json", ...args], io)).toBe(0);
      // required-labels, run-as-non-root and trusted-images see each Pod: 150 evaluations in all, the first object's 3 before anything is written.
      expect([evaluationsAtFirstWrite, validate.mock.calls.length]).toEqual([3, 150]);
      validate.mockRestore();
    }
  });
});

describe("an alias bomb", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is refused at once by check, in a file, on standard input and as a policy manifest, with exit 2", async () => {
    const bomb = file("bomb.yaml", BOMB_OBJECT);
    expect(await runWardenkit(["check", ...POLICIES, bomb])).toEqual({ code: 2, stdout: "", stderr: `wardenkit check: ${bomb} ${BOMB_REFUSED}\n` });
    expect(await runWardenkit(["check", ...POLICIES, "-"], { stdin: BOMB_OBJECT })).toEqual({ code: 2, stdout: "", stderr: `wardenkit check: standard input ${BOMB_REFUSED}\n` });
    const manifest = file("bomb-policy.yaml", `apiVersion: policies.kubewarden.io/v1\nkind: ClusterAdmissionPolicy\nmetadata: { name: bomb }\nspec:\n${BOMB_DATA.map((line) => `  ${line}`).join("\n")}\n`);
    expect(await runWardenkit(["check", "--policies", manifest, bomb])).toMatchObject({ code: 2, stderr: `wardenkit check: ${manifest} ${BOMB_REFUSED}\n` });
  });

  it("is refused in the same words by run and test", async () => {
    const bomb = file("bomb-request.yaml", BOMB_OBJECT);
    expect(await runWardenkit(["run", "required-labels", "--request", bomb])).toMatchObject({ code: 1, stderr: `wardenkit run: ${bomb} ${BOMB_REFUSED}\n` });
    const cases = file("bomb.cases.yaml", `policy: required-labels\ncases:\n  - name: bomb\n    expect: { allowed: true }\n    object:\n${BOMB_OBJECT.replace(/^/gm, "      ")}`);
    expect(await runWardenkit(["test", cases])).toMatchObject({ code: 2, stderr: `wardenkit test: ${cases} ${BOMB_REFUSED}\n` });
  });
});

describe("special files and sizes", () => {
  const pod = "fixtures/required-labels/create-pod-unlabelled.json";

  it("calls /dev/zero a character device, not a directory, wherever it is given, without reading it", async () => {
    const device = "cannot read /dev/zero: it is a character device, not a regular file";
    expect(await runWardenkit(["run", "required-labels", "--request", "/dev/zero"])).toMatchObject({ code: 1, stderr: `wardenkit run: ${device}\n` });
    expect(await runWardenkit(["run", "required-labels", "--request", pod, "--settings", "/dev/zero"])).toMatchObject({ code: 1, stderr: `wardenkit run: ${device}\n` });
    expect(await runWardenkit(["run", "required-labels", "--request", pod, "--cluster", "/dev/zero"])).toMatchObject({ code: 1, stderr: `wardenkit run: ${device}\n` });
    expect(await runWardenkit(["run", "/dev/zero", "--request", pod])).toMatchObject({ code: 1, stderr: "wardenkit run: module /dev/zero is a character device, not a .wasm file\n" });
    expect(await runWardenkit(["check", ...POLICIES, "/dev/zero"])).toEqual({ code: 2, stdout: "", stderr: `wardenkit check: ${device}\n` });
    expect(await runWardenkit(["check", "--policies", "/dev/zero", "-"])).toMatchObject({ code: 2, stderr: `wardenkit check: ${device}\n` });
  });

  it("refuses a request larger than the limit from its size, without reading it", async () => {
    const sparse = file("huge.json", "");
    truncateSync(sparse, 2 * 1024 ** 3); // 2 GiB that take no disk
    expect(await runWardenkit(["run", "required-labels", "--request", sparse])).toMatchObject({
      code: 1,
      stderr: `wardenkit run: cannot read ${sparse}: it holds 2 GiB, more than the limit of 256 MiB on one input ${LIMIT_ADVICE}\n`,
    });
  });

  it("applies the limit the environment sets to objects, cases and requests, naming the limit and how to raise it", async () => {
    // 64 KiB: above the modules (about 32 KiB), below these inputs.
    const objects = file("objects.yaml", configMaps(1000));
    expect(await runWardenkit(["check", ...POLICIES, objects], withLimit("64KiB"))).toEqual({
      code: 2, stdout: "", stderr: `wardenkit check: cannot read ${objects}: it holds ${formatSize(statSync(objects).size)}, more than the limit of 64 KiB on one input ${LIMIT_ADVICE}\n`,
    });
    const cases = file("big.cases.yaml", `policy: required-labels\ncases:\n${"  - { name: c, object: { apiVersion: v1, kind: Pod, metadata: { name: p } }, expect: { allowed: true } }\n".repeat(1000)}`);
    expect(await runWardenkit(["test", cases], withLimit("64KiB"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/^wardenkit test: cannot read .*big\.cases\.yaml: it holds .* more than the limit of 64 KiB on one input/) });
    const request = file("big-request.json", JSON.stringify({ ...JSON.parse(readFileSync(pod, "utf8")), padding: "x".repeat(100_000) }));
    expect(await runWardenkit(["run", "required-labels", "--request", request], withLimit("64KiB"))).toMatchObject({ code: 1, stderr: expect.stringMatching(/^wardenkit run: cannot read .*big-request\.json: it holds .* more than the limit of 64 KiB/) });
    expect(await runWardenkit(["check", ...POLICIES, objects], withLimit("lots"))).toMatchObject({ code: 2, stderr: `wardenkit check: ${MAX_INPUT_SIZE_VARIABLE} must be a size such as 64MiB or 1GiB (units B, KiB, MiB, GiB), not 'lots'\n` });
  });

  it("stops reading standard input at the limit: check - < /dev/zero", () => {
    const zero = openSync("/dev/zero", "r");
    try {
      const run = spawnBin([], ["check", ...POLICIES, "-"], zero, { ...process.env, [MAX_INPUT_SIZE_VARIABLE]: "64KiB" });
      expect(run).toEqual({ code: 2, stdout: "", stderr: `wardenkit check: cannot read standard input: it holds more than the limit of 64 KiB on one input ${LIMIT_ADVICE}\n` });
    } finally {
      closeSync(zero);
    }
  });

  it("fails in test a case whose request cannot be read, and exits 2 for a case file it cannot read (1 is a failed case)", async () => {
    const cases = file("device.cases.yaml", "policy: required-labels\ncases:\n  - { name: zero, request: /dev/zero, expect: { allowed: true } }\n");
    const run = await runWardenkit(["test", cases]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL required-labels: zero\n       cannot read /dev/zero: it is a character device, not a regular file\n");
    const suiteOnDevice = file("zero.cases.yaml", "");
    const unreadable = await runWardenkit(["test", suiteOnDevice], withLimit("lots"));
    expect(unreadable).toMatchObject({ code: 2, stderr: `wardenkit test: ${MAX_INPUT_SIZE_VARIABLE} must be a size such as 64MiB or 1GiB (units B, KiB, MiB, GiB), not 'lots'\n` });
  });
});

describe("control characters from input", () => {
  it("are shown escaped in check's report, and kept as JSON escapes in its JSON", async () => {
    const object = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: "a\\x00b\\x1b[31mred", namespace: elsewhere }\n`;
    const text = await runWardenkit(["check", ...POLICIES, "-"], { stdin: object });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("ConfigMap elsewhere/a\\x00b\\x1b[31mred (standard input)\n");
    expect(text.stdout).not.toMatch(/[\0\x1b]/);
    const json = await runWardenkit(["check", ...POLICIES, "-o", "json", "-"], { stdin: object });
    expect(JSON.parse(json.stdout).objects[0].object).toBe("ConfigMap elsewhere/a\0b\x1b[31mred");
  });

  it("are shown escaped in error messages and in failed cases", async () => {
    const cases = file("nul-key.cases.yaml", 'policy: required-labels\ncases:\n  - { name: typo, "ob\\0ject": {}, expect: { allowed: true } }\n');
    const run = await runWardenkit(["test", cases]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("unknown keys ob\\x00ject (known:");
    expect(run.stdout).not.toContain("\0");
    const file2 = file("nul-top.cases.yaml", 'policy: required-labels\n"ca\\0ses": []\ncases: []\n');
    const refused = await runWardenkit(["test", file2]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("unknown top-level keys ca\\x00ses (known:");
    expect(refused.stderr).not.toContain("\0");
  });
});

describe("test with many cases", () => {
  const cases = file("many.cases.yaml", `policy: required-labels\nsettings: { requiredLabels: [app] }\ncases:\n${Array.from({ length: 200 }, (_, i) =>
    `  - { name: case ${i}, object: { apiVersion: v1, kind: Pod, metadata: { name: p${i}, labels: { app: a } } }, expect: { allowed: true } }\n`).join("")}`);

  it("writes each result as its case is run, in text and in JSON", async () => {
    for (const output of ["text", "json"]) {
      const validate = vi.spyOn(PolicyEvaluator.prototype, "validate");
      let evaluationsAtFirstWrite: number | undefined;
      let stdout = "";
      const io: CommandIo = {
        stdout: { write: (text: string) => ((evaluationsAtFirstWrite ??= validate.mock.calls.length), (stdout += text)) },
        stderr: { write: () => undefined },
        readStdin: () => [],
      };
      expect(await main(["test", "-o", output, cases], io)).toBe(0);
      expect([evaluationsAtFirstWrite, validate.mock.calls.length]).toEqual([1, 200]);
      if (output === "json") expect(JSON.parse(stdout)).toHaveLength(200);
      else expect(stdout.endsWith("\n200 passed, 0 failed\n")).toBe(true);
      validate.mockRestore();
    }
  });
});
