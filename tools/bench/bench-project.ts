// The project the benchmarks measure: the one the working directory is in. Its bench/
// folder holds the workloads, requests, budgets and results.
import { join } from "node:path";
import { findProject } from "../../src/project/project.ts";
import { PACKAGE_ROOT } from "../../src/io/package-root.ts";

export const BENCH_PROJECT = findProject();
export const BENCH_DIR = join(BENCH_PROJECT.root, "bench");
/** The command the benchmarks time and run, as a user runs it. */
export const WARDENKIT_BIN = join(PACKAGE_ROOT, "bin", "wardenkit.mjs");
