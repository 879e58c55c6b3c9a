// The section of BENCHMARKS.md on how a policy's cost grows with the host's answer.
import { withSection } from "./markdown-section.ts";
import type { AnswerSizeResult } from "./answer-size-bench.ts";

export const ANSWER_SIZE_HEADING = "## Cost by size of the host's answer";
/** The section it goes before, so that it follows the long stream's figures. */
const NEXT_HEADING = "## Isolation in serve";

const us = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

export function answerSizeSection(result: AnswerSizeResult): string[] {
  const [before, after] = result.loadAverage;
  const o = result.options;
  return [
    `${ANSWER_SIZE_HEADING} (tools/bench/answer-size-bench.ts, \`npm run bench:answers\`)`,
    "",
    `Written by \`npm run bench:answers\`, ${result.date.slice(0, 16).replace("T", " ")} UTC: ${result.policy} on its workload *${result.workload}* ` +
      `(settings ${JSON.stringify(result.settings)}), the node's Pods grown to each size by copying bench/requests/pods-on-node.json. ` +
      "The host answers its `list_resources_all` from those objects (field selector and field masks applied, as policy-evaluator sends it), " +
      "once, then from the same bytes. *Fresh*: a new instance and one validate per evaluation, as policy-server does. " +
      "*JSON.parse*: V8 parsing the same answer bytes. Per call in microseconds, median / p99 of batch means " +
      `(${o.rounds} rounds of ~${o.batchMilliseconds} ms batches, after up to ${o.warmupCalls} warm-up calls), both interleaved; ` +
      `the ratio is the median of same-round ratios. 1-minute load average ${before.toFixed(1)} before and ${after.toFixed(1)} after.`,
    "",
    "| items | answer | verdict | fresh median | fresh p99 | fresh µs / item | JSON.parse median | JSON.parse p99 | fresh / JSON.parse |",
    "|---|---|---|---|---|---|---|---|---|",
    ...result.runs.map((r) =>
      `| ${r.items.toLocaleString("en")} | ${r.answerBytes.toLocaleString("en")} B | ${r.accepted ? "accepted" : "rejected"} | ${us(r.fresh.median)} µs | ${us(r.fresh.p99)} µs | ` +
      `${(r.fresh.median / r.items).toFixed(2)} | ${us(r.jsonParse.median)} µs | ${us(r.jsonParse.p99)} µs | ${r.freshOverJsonParse.toFixed(1)} |`),
    "",
  ];
}

/** BENCHMARKS.md with its answer-size section replaced, or added before the isolation section. */
export function withAnswerSizeSection(markdown: string, result: AnswerSizeResult): string {
  return withSection(markdown, ANSWER_SIZE_HEADING, answerSizeSection(result).join("\n"), NEXT_HEADING);
}
