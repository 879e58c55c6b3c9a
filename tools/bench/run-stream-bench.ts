// `npm run bench:stream`: checks a long stream of objects (src/bench/stream-bench.ts) and
// rewrites that section of BENCHMARKS.md and the `stream` entry of bench/results.json.
// Options: --objects <n>,<n>… (default 15000,150000).
import { parseArgs } from "node:util";
import { positiveNumber } from "../../src/cli/numbers.ts";
import { recordSection } from "./markdown-section.ts";
import { benchStream, STREAM_OBJECTS } from "./stream-bench.ts";
import { streamSection, withStreamSection } from "./stream-report.ts";

const { values } = parseArgs({ options: { objects: { type: "string" } } });
try {
  const counts = values.objects === undefined ? STREAM_OBJECTS : values.objects.split(",").map((n) => positiveNumber(n, "--objects", { integer: true }));
  const result = benchStream(counts);
  console.log(streamSection(result).join("\n"));
  recordSection("stream", result, (markdown) => withStreamSection(markdown, result));
  console.log("wrote the stream section of BENCHMARKS.md and bench/results.json");
} catch (err) {
  console.error(`bench:stream: ${(err as Error).message}`);
  process.exitCode = 1;
}
