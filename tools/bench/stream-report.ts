// The section of BENCHMARKS.md on a long stream through check, beside the policy set's figures.
import { withSection } from "./markdown-section.ts";
import type { StreamResult } from "./stream-bench.ts";

export const STREAM_HEADING = "## A long stream through check";
/** The section it goes before, so that it follows the policy set's figures. */
const NEXT_HEADING = "## Isolation in serve";

export function streamSection(result: StreamResult): string[] {
  const [before, after] = result.loadAverage;
  return [
    `${STREAM_HEADING} (tools/bench/stream-bench.ts, \`npm run bench:stream\`)`,
    "",
    `Written by \`npm run bench:stream\`, ${result.date.slice(0, 16).replace("T", " ")} UTC: a multi-document YAML stream of small Pods, ` +
      "Deployments, SQLClaims and ConfigMaps (every seventh breaking a policy; tools/bench/object-stream.ts) checked against deploy/policy-set " +
      "by the package's bin, each run a fresh process timed by GNU time for its wall clock and its peak resident memory (exit 1: some objects " +
      `are denied). 1-minute load average ${before.toFixed(1)} before and ${after.toFixed(1)} after. The command (from standard input: ` +
      "`-` instead of the file, and `< <stream.yaml>`):",
    "",
    `    ${result.command}`,
    "",
    "| objects | stream | read from | exit | wall clock | peak RSS |",
    "|---|---|---|---|---|---|",
    ...result.runs.map((r) =>
      `| ${r.objects.toLocaleString("en")} | ${(r.bytes / 1024 ** 2).toFixed(1)} MiB | ${r.readFrom} | ${r.exitCode} | ${r.seconds.toFixed(1)} s | ${r.peakRssMiB.toFixed(0)} MiB |`),
    "",
  ];
}

/** BENCHMARKS.md with its stream section replaced, or added after the policy set's. */
export function withStreamSection(markdown: string, result: StreamResult): string {
  return withSection(markdown, STREAM_HEADING, streamSection(result).join("\n"), NEXT_HEADING);
}
