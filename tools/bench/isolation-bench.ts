// `npm run bench:isolation`: serve's isolation figures (see isolation.ts), and
// with --check their verdicts against bench/budgets.json's isolation budgets
// (exit 1 when one is exceeded). Options: --seconds <s per phase> (8), --check.
import { parseArgs } from "node:util";
import { formatVerdicts, judgeIsolation, readBudgets } from "./budgets.ts";
import { formatIsolation, runIsolation } from "./isolation.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: "string" }, check: { type: "boolean" } } });
  const result = await runIsolation(Number(values.seconds ?? 8));
  console.log(formatIsolation(result));
  if (!values.check) return;
  const verdicts = judgeIsolation(result, readBudgets());
  console.log(`\n${formatVerdicts(verdicts)}`);
  if (verdicts.some((v) => v.status === "exceeded")) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(`bench:isolation: ${err.message}`);
  process.exitCode = 1;
});
