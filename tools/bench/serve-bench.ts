// `npm run bench:serve`: loads `wardenkit serve` over HTTPS on loopback with
// autocannon, one policy at a time, and prints reviews/s and p50/p99 latency.
// The server runs in its own process (as it would in use) with its default
// worker count; each policy is sent the first accepted fixture request of its cases that
// reads no cluster.
// Options: --duration <s> (10), --connections <n> (8), --policy <name> (all).
// Eight connections keep two cores (server, workers and load generator alike)
// busy; more only queue requests and lengthen the tail.
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { requirePolicyFile } from "../../src/project/policies.ts";
import { freePort } from "../free-ports.ts";
import { loadCaseFile } from "../../src/testing/case-file.ts";
import { BENCH_PROJECT } from "./bench-project.ts";
import { startServeProcess } from "./serve-process.ts";

const DEFAULT_CONNECTIONS = 8;

interface Target {
  policy: string;
  settings: unknown;
  body: string;
}

/** Every policy (or the one asked for), each with the first accepted request of its cases that reads no cluster. */
function targets(only?: string): Target[] {
  const policies = BENCH_PROJECT.policies.filter((p) => !only || p.name === only);
  if (only && policies.length === 0) throw new Error(`no policy ${only} in ${BENCH_PROJECT.folders.policies}`);
  return policies.map(({ name }) => {
    const cases = requirePolicyFile(join(BENCH_PROJECT.folders.fixtures, name, "cases.yaml"), `the serve bench sends ${name} the first request of its cases`);
    requirePolicyFile(BENCH_PROJECT.module(name), "build the policies first (npm run build)");
    // serve has no cluster here: the review must need none, and be the common, accepted path.
    const first = loadCaseFile(cases).cases.find((c) => c.request && !c.cluster?.length && !c.replay && c.expect.allowed === true);
    if (!first) throw new Error(`${cases} has no accepted case with a request and no cluster objects or replay session, which the serve bench sends`);
    return { policy: name, settings: first.settings, body: JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: first.request }) };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: "string" }, connections: { type: "string" }, policy: { type: "string" } } });
  const list = targets(values.policy);
  if (list.length === 0) throw new Error("nothing to benchmark: build the policies (dist/) and keep their fixtures");
  // A port of its own, so two benches (or a bench and a server) on one machine do not meet.
  const port = await freePort();
  const config = Object.fromEntries(list.map((t) => [t.policy, { module: BENCH_PROJECT.module(t.policy), settings: t.settings, allowedToMutate: true, hostCapabilities: ["*"] }]));
  const server = await startServeProcess(port, () => config, process.env.BENCH_WORKERS ? ["--workers", process.env.BENCH_WORKERS] : []);
  try {
    console.log(`policy               reviews/s     p50 ms   p99 ms   errors   (${values.connections ?? DEFAULT_CONNECTIONS} connections, ${values.duration ?? 10} s each)`);
    for (const target of list) {
      const result = await autocannon({
        url: `https://127.0.0.1:${port}/validate/${target.policy}`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: target.body,
        connections: Number(values.connections ?? DEFAULT_CONNECTIONS),
        duration: Number(values.duration ?? 10),
        warmup: { connections: 4, duration: 2 },
      });
      const errors = result.errors + result.timeouts + result.non2xx;
      console.log(
        `${target.policy.padEnd(20)} ${result.requests.average.toFixed(0).padStart(9)}  ${result.latency.p50.toFixed(2).padStart(9)} ${result.latency.p99.toFixed(2).padStart(8)} ${String(errors).padStart(8)}`,
      );
    }
  } finally {
    await server.stop();
  }
}

main().catch((err: Error) => {
  console.error(`bench:serve: ${err.message}`);
  process.exitCode = 1;
});
