// `wardenkit bench` on one policy with few iterations: output shapes and exit
// codes only, never timings.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runWardenkit } from "../support/run-command.ts";

const work = mkdtempSync(join(tmpdir(), "wardenkit-bench-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const QUICK = ["--rounds", "3", "--warmup", "20"];
const POD = ["--request", "bench/requests/pod.json", "--settings", '{"requiredLabels":["app"]}'];

describe("wardenkit bench", () => {
  it("prints min, median, p99 and max per operation and instance as JSON", async () => {
    const { code, stdout } = await runWardenkit(["bench", "required-labels", ...POD, ...QUICK, "-o", "json"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ module: "dist/required-labels.wasm", moduleBytes: expect.any(Number), options: { rounds: 3, warmupCalls: 20 } });
    for (const op of ["validate_settings", "validate"]) {
      for (const kind of ["warm", "fresh"]) {
        expect(result.operations[op][kind]).toEqual({
          samples: 3, min: expect.any(Number), median: expect.any(Number), p99: expect.any(Number), max: expect.any(Number),
        });
      }
    }
  });

  it("prints a table without -o json", async () => {
    const { code, stdout } = await runWardenkit(["bench", "required-labels", ...POD, ...QUICK]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^validate_settings\s+warm(\s+[\d.]+){4}$/m);
    expect(stdout).toMatch(/^validate\s+fresh(\s+[\d.]+){4}$/m);
  });

  it("exits non-zero when a median is slower than the baseline allows", async () => {
    const fast = { samples: 3, min: 1e-6, median: 1e-6, p99: 1e-6, max: 1e-6 };
    const baseline = join(work, "baseline.json");
    writeFileSync(baseline, JSON.stringify({ operations: { validate_settings: { warm: fast, fresh: fast }, validate: { warm: fast, fresh: fast } } }));
    const { code, stdout, stderr } = await runWardenkit(["bench", "required-labels", ...POD, ...QUICK, "--baseline", baseline, "--max-regression", "5"]);
    expect(code).toBe(1);
    expect(stdout).toContain("REGRESSION");
    expect(stderr).toMatch(/4 median\(s\) slower than the baseline by more than 5%/);
  });

  it("passes against a baseline it is faster than", async () => {
    const slow = { samples: 3, min: 1e9, median: 1e9, p99: 1e9, max: 1e9 };
    const baseline = join(work, "slow.json");
    writeFileSync(baseline, JSON.stringify({ operations: { validate_settings: { warm: slow, fresh: slow }, validate: { warm: slow, fresh: slow } } }));
    const { code, stdout } = await runWardenkit(["bench", "required-labels", ...POD, ...QUICK, "--baseline", baseline, "-o", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).comparisons).toHaveLength(4);
  });

  it("refuses settings the policy rejects, in one sentence", async () => {
    const { code, stderr } = await runWardenkit(["bench", "sql-claim-size", "--request", "bench/requests/sqlclaim.json", "--settings", "{}", ...QUICK]);
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^wardenkit bench: invalid settings: allowedSizes is required[^\n]*$/);
  });

  it("takes a project policy's settings.yml when --settings is not given", async () => {
    const { code, stdout, stderr } = await runWardenkit(["bench", "sql-claim-size", "--request", "bench/requests/sqlclaim.json", ...QUICK, "-o", "json"]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout).module).toBe("dist/sql-claim-size.wasm");
  });

  it("asks for a request", async () => {
    const { code, stderr } = await runWardenkit(["bench", "required-labels"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^wardenkit bench: missing --request <file>; usage: wardenkit bench <module> --request <file> \[options\]$/m);
  });
});
