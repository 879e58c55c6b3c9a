// BENCHMARKS.md is written by the benchmarks; a benchmark run on its own rewrites only its
// section, and its entry of bench/results.json.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_DIR, BENCH_PROJECT } from "./bench-project.ts";

/** `markdown` with the section under `heading` replaced by `section`, or added before the section `before` (at the end without it). */
export function withSection(markdown: string, heading: string, section: string, before?: string): string {
  const body = `${section.trimEnd()}\n`;
  const start = markdown.indexOf(heading);
  if (start !== -1) {
    const next = markdown.indexOf("\n## ", start + heading.length);
    return `${markdown.slice(0, start)}${body}${next === -1 ? "" : `\n${markdown.slice(next + 1)}`}`;
  }
  const at = before === undefined ? -1 : markdown.indexOf(before);
  if (at === -1) return `${markdown.trimEnd()}\n\n${body}`;
  return `${markdown.slice(0, at)}${body}\n${markdown.slice(at)}`;
}

/** A benchmark run on its own: its section of BENCHMARKS.md rewritten, and its entry (`key`) of bench/results.json. */
export function recordSection(key: string, result: unknown, rewrite: (markdown: string) => string): void {
  const benchmarks = join(BENCH_PROJECT.root, "BENCHMARKS.md"), results = join(BENCH_DIR, "results.json");
  writeFileSync(benchmarks, rewrite(readFileSync(benchmarks, "utf8")));
  writeFileSync(results, JSON.stringify({ ...JSON.parse(readFileSync(results, "utf8")), [key]: result }, null, 2) + "\n");
}
