import { defineConfig } from "vitest/config";

/**
 * The one time limit of the suite, for every test and hook alike: a guard against a
 * deadlock, not a speed check (speed is measured by the benchmarks). It is generous so a
 * machine busy with other work never trips it.
 */
export const DEADLOCK_GUARD_MS = 20 * 60_000;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/run-temp-dir.ts", "test/support/build-policies.ts", "test/support/kube-api-server-lifecycle.ts"],
    testTimeout: DEADLOCK_GUARD_MS,
    hookTimeout: DEADLOCK_GUARD_MS,
    // Two cores: run files in parallel, but not more than the machine has.
    maxWorkers: 2,
  },
});
