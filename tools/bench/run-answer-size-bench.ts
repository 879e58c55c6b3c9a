// `npm run bench:answers`: times pod-density on host answers of growing size
// (tools/bench/answer-size-bench.ts) and rewrites that section of BENCHMARKS.md and the
// `answers` entry of bench/results.json. Options: --items <n>,<n>… (default 10,100,1000,10000).
import { parseArgs } from "node:util";
import { positiveNumber } from "../../src/cli/numbers.ts";
import { recordSection } from "./markdown-section.ts";
import { ANSWER_SIZES, benchAnswerSizes } from "./answer-size-bench.ts";
import { answerSizeSection, withAnswerSizeSection } from "./answer-size-report.ts";

const { values } = parseArgs({ options: { items: { type: "string" } } });
try {
  const sizes = values.items === undefined ? ANSWER_SIZES : values.items.split(",").map((n) => positiveNumber(n, "--items", { integer: true }));
  const result = await benchAnswerSizes(sizes);
  console.log(answerSizeSection(result).join("\n"));
  recordSection("answers", result, (markdown) => withAnswerSizeSection(markdown, result));
  console.log("wrote the answer-size section of BENCHMARKS.md and bench/results.json");
} catch (err) {
  console.error(`bench:answers: ${(err as Error).message}`);
  process.exitCode = 1;
}
