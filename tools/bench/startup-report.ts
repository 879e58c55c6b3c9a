// The start-up section of BENCHMARKS.md.
import { HELP_GOAL_SECONDS, RUN_GOAL_SECONDS, type StartupResult } from "./startup-bench.ts";
import type { Summary } from "../../src/bench/statistics.ts";
import { withSection } from "./markdown-section.ts";

export const STARTUP_HEADING = "## Start-up of the command line";

const s = (summary: Summary) => `${summary.median.toFixed(2)} s`;
const verdict = (summary: Summary, goal: number) => (summary.median < goal ? "met" : "**not met**");
/** The time above a bare `node -e 0` of the same rounds: what the CLI itself costs, whatever the machine's load. */
const overNode = (summary: Summary, node: Summary) => `${(summary.median - node.median).toFixed(2)} s over node`;

export function startupSection(result: StartupResult): string[] {
  const [first] = result.variants;
  const slowestHelp = (v: StartupResult["variants"][number]) => v.help.reduce((a, b) => (b.seconds.median > a.seconds.median ? b : a));
  return [
    STARTUP_HEADING,
    "",
    `Written by \`npm run bench\` or \`npm run bench:startup\` (tools/bench/startup-bench.ts), ${result.date.slice(0, 16).replace("T", " ")} UTC: ` +
      `wall-clock seconds of a fresh process through each bin, median of ${result.rounds} rounds, every bin and command interleaved; ` +
      `1-minute load average ${result.loadAverage[0].toFixed(1)} before and ${result.loadAverage[1].toFixed(1)} after. ` +
      `\`node -e 0\` alone: ${s(result.node)}. *run*: \`wardenkit ${result.runArgs}\`. ` +
      `Goals: --help under ${HELP_GOAL_SECONDS} s, run under ${RUN_GOAL_SECONDS} s.`,
    "",
    `| command | ${result.variants.map((v) => v.name).join(" | ")} |`,
    `|---|${result.variants.map(() => "---|").join("")}`,
    ...first.help.map((h, i) => `| \`${h.args}\` | ${result.variants.map((v) => s(v.help[i].seconds)).join(" | ")} |`),
    `| \`run\` | ${result.variants.map((v) => s(v.run)).join(" | ")} |`,
    `| slowest --help: goal ${HELP_GOAL_SECONDS} s | ${result.variants.map((v) => {
      const slowest = slowestHelp(v).seconds;
      return `${s(slowest)} ${verdict(slowest, HELP_GOAL_SECONDS)} (${overNode(slowest, result.node)})`;
    }).join(" | ")} |`,
    `| run: goal ${RUN_GOAL_SECONDS} s | ${result.variants.map((v) => `${s(v.run)} ${verdict(v.run, RUN_GOAL_SECONDS)} (${overNode(v.run, result.node)})`).join(" | ")} |`,
    "",
  ];
}

/** BENCHMARKS.md with its start-up section replaced (or added at the end). */
export function withStartupSection(markdown: string, result: StartupResult): string {
  return withSection(markdown, STARTUP_HEADING, startupSection(result).join("\n"));
}
