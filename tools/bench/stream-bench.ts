// A long stream through `wardenkit check`, as a user runs it: a multi-document YAML stream
// (src/bench/object-stream.ts) checked against deploy/policy-set by the package's bin, from a
// file and from standard input, each run timed by GNU time (`/usr/bin/time -v`) for its wall
// clock and its peak resident memory. A small and a large stream side by side show whether
// memory grows with the number of objects.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { BENCH_PROJECT, WARDENKIT_BIN } from "./bench-project.ts";
import { writeObjectStream } from "./object-stream.ts";
import { moduleFlags, POLICY_SET_DIR } from "./policy-set-bench.ts";

export const STREAM_OBJECTS = [15_000, 150_000];
const GNU_TIME = "/usr/bin/time";

export interface StreamRun {
  objects: number;
  bytes: number;
  readFrom: "file" | "standard input";
  exitCode: number;
  seconds: number;
  peakRssMiB: number;
}

export interface StreamResult {
  date: string;
  /** 1-minute load average before and after: the machine may be shared. */
  loadAverage: [number, number];
  /** The command as timed, the stream's path replaced by <stream.yaml>. */
  command: string;
  runs: StreamRun[];
}

/** Wall clock and peak RSS from the report of `/usr/bin/time -v`. */
export function parseGnuTime(report: string): { seconds: number; peakRssMiB: number } {
  const clock = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(report);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
  if (!clock || !rss) throw new Error(`no figures in the report of ${GNU_TIME} -v:\n${report}`);
  const [, hours = "0", minutes, seconds] = clock;
  return { seconds: Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds), peakRssMiB: Number(rss[1]) / 1024 };
}

function checkArgs(input: string): string[] {
  return ["check", "--policies", relative(BENCH_PROJECT.root, POLICY_SET_DIR), ...moduleFlags(), "-o", "json", input];
}

function timedCheck(stream: string, readFrom: StreamRun["readFrom"]): Omit<StreamRun, "objects" | "bytes"> {
  const stdin = readFrom === "file" ? "ignore" : openSync(stream, "r");
  try {
    const run = spawnSync(GNU_TIME, ["-v", process.execPath, WARDENKIT_BIN, ...checkArgs(readFrom === "file" ? stream : "-")], {
      cwd: BENCH_PROJECT.root, encoding: "utf8", stdio: [stdin, "ignore", "pipe"],
    });
    if (run.error) throw new Error(`${GNU_TIME} could not be started (GNU time is needed): ${run.error.message}`);
    // 1: some objects are denied, as intended; anything else is a failure of the check.
    if (run.status !== 0 && run.status !== 1) throw new Error(`check exited ${run.status}: ${run.stderr}`);
    return { readFrom, exitCode: run.status, ...parseGnuTime(run.stderr) };
  } finally {
    if (typeof stdin === "number") closeSync(stdin);
  }
}

export function benchStream(counts = STREAM_OBJECTS): StreamResult {
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-stream-bench-"));
  const before = loadavg()[0];
  const runs: StreamRun[] = [];
  const largest = counts.reduce((a, b) => Math.max(a, b));
  try {
    for (const objects of counts) {
      const stream = join(dir, `${objects}.yaml`);
      const bytes = writeObjectStream(stream, objects);
      runs.push({ objects, bytes, ...timedCheck(stream, "file") });
      if (objects === largest) runs.push({ objects, bytes, ...timedCheck(stream, "standard input") });
      rmSync(stream);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    date: new Date().toISOString(),
    loadAverage: [before, loadavg()[0]],
    command: `${GNU_TIME} -v node bin/wardenkit.mjs ${checkArgs("<stream.yaml>").join(" ")} > /dev/null`,
    runs,
  };
}
