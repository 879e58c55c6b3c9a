// The suite has one time limit, the shared deadlock guard of vitest.config.ts: a test
// with its own tighter limit fails on a busy machine while testing nothing about speed.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import config, { DEADLOCK_GUARD_MS } from "../../vitest.config.ts";
import { PROJECT } from "../support/project.ts";

const TEN_MINUTES_MS = 10 * 60_000;

/** A number after a test's body, a timeout option, and vi.setConfig with a timeout. */
const OWN_LIMIT = [/\}\s*,\s*\d[\d_]*\s*\)\s*;?\s*$/m, /[{,]\s*timeout:\s*\d/, /setConfig\(\s*\{[^}]*Timeout/];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("time limits", () => {
  it("is one generous deadlock guard for every test and hook", () => {
    expect(DEADLOCK_GUARD_MS).toBeGreaterThanOrEqual(TEN_MINUTES_MS);
    expect(config.test).toMatchObject({ testTimeout: DEADLOCK_GUARD_MS, hookTimeout: DEADLOCK_GUARD_MS });
  });

  it("is set by no test file of its own", () => {
    const offenders = testFiles(join(PROJECT.root, "test"))
      .filter((file) => OWN_LIMIT.some((pattern) => pattern.test(readFileSync(file, "utf8"))))
      .map((file) => relative(PROJECT.root, file));
    expect(offenders).toEqual([]);
  });
});
