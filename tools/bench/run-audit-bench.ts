// `npm run bench:audit`: audits 1,000 and 10,000 objects on a kube-apiserver of its own
// (tools/bench/audit-bench.ts) and rewrites that section of BENCHMARKS.md and the `audit`
// entry of bench/results.json. Options: --objects <n>,<n>… (default 1000,10000); --cpu-prof
// <dir> writes V8 CPU profiles of the audits there (and leaves BENCHMARKS.md alone: profiling
// slows them).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { positiveNumber } from "../../src/cli/numbers.ts";
import { AUDIT_OBJECTS, benchAudit } from "./audit-bench.ts";
import { auditSection, withAuditSection } from "./audit-report.ts";
import { recordSection } from "./markdown-section.ts";

const { values } = parseArgs({ options: { objects: { type: "string" }, "cpu-prof": { type: "string" } } });
try {
  const counts = values.objects === undefined ? AUDIT_OBJECTS : values.objects.split(",").map((n) => positiveNumber(n, "--objects", { integer: true }));
  const profileDir = values["cpu-prof"] && resolve(values["cpu-prof"]);
  const result = await benchAudit(counts, profileDir);
  console.log(auditSection(result).join("\n"));
  if (profileDir) {
    console.log(`CPU profiles in ${profileDir}; BENCHMARKS.md left as it was`);
  } else {
    recordSection("audit", result, (markdown) => withAuditSection(markdown, result));
    console.log("wrote the audit section of BENCHMARKS.md and bench/results.json");
  }
} catch (err) {
  console.error(`bench:audit: ${(err as Error).message}`);
  process.exitCode = 1;
}
