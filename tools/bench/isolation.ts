// serve's isolation under load, measured: one policy's trouble must not become
// another's. Starts `wardenkit serve` in its own process on loopback with three
// policies: required-labels (the unrelated one), a policy that loops on every
// review and one that asks for 1 GiB of memory (test/guest-modules). It
// measures the unrelated policy's latency alone, then with N looping reviews
// kept in flight (N = 2 and 8), and the server's RSS before, at the peak of, and
// after four memory-hungry reviews at once. Bounded: every phase has a fixed
// duration and a cap on requests.
import { readFileSync, copyFileSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { compileAssemblyScript } from "../../src/build/compile.ts";
import { PACKAGE_ROOT } from "../../src/io/package-root.ts";
import { BENCH_PROJECT } from "./bench-project.ts";
import { TIMEOUT_MESSAGE } from "../../src/serve/admission-review.ts";
import { DEFAULT_MAX_MEMORY_MIB } from "../../src/serve/server.ts";
import { startServeProcess, type ServeProcess } from "./serve-process.ts";
import { summarise, type Summary } from "../../src/bench/statistics.ts";
import { freePort } from "../free-ports.ts";

const LOOP_COUNTS = [2, 8];
/** Unrelated reviews sent at once: enough to keep a worker busy, few enough to leave the tail to isolation. */
const UNRELATED_CONCURRENCY = 2;
const MAX_REQUESTS_PER_PHASE = 50_000;
const HUNGRY_AT_ONCE = 4;
const RSS_SAMPLE_MS = 20;
const SETTLE_MS = 2_000;

interface Reply {
  status: number;
  json: any;
}

class Client {
  private readonly agent: Agent;
  constructor(private readonly server: ServeProcess) {
    this.agent = new Agent({ ca: server.ca, keepAlive: true, maxSockets: 64 });
  }
  post(policy: string, body: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.server.baseUrl}/validate/${policy}`, { method: "POST", agent: this.agent, headers: { "content-type": "application/json" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          try {
            resolve({ status: res.statusCode!, json: JSON.parse(text) });
          } catch {
            resolve({ status: res.statusCode!, json: { text } });
          }
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  }
  close(): void {
    this.agent.destroy();
  }
}

function review(uid: string, labels: Record<string, string>): string {
  return JSON.stringify({
    apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview",
    request: {
      uid, kind: { group: "", version: "v1", kind: "Pod" }, resource: { group: "", version: "v1", resource: "pods" },
      name: "web", namespace: "shop", operation: "CREATE", userInfo: { username: "bench" },
      object: { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop", labels }, spec: { containers: [{ name: "c", image: "nginx" }] } },
    },
  });
}

interface LatencyPhase {
  loops: number;
  answered: number;
  failed: number;
  latencyMs: Summary;
  loopAnswers: number;
  loopTimeouts: number;
  load: number;
}

/** Unrelated reviews for `ms`, with `loops` looping reviews resent as soon as each is answered. */
async function latencyPhase(client: Client, loops: number, ms: number): Promise<LatencyPhase> {
  let stop = false;
  let loopAnswers = 0, loopTimeouts = 0;
  const loopers = Array.from({ length: loops }, async (_, i) => {
    for (let n = 0; !stop; n++) {
      const reply = await client.post("loop", review(`loop-${i}-${n}`, {}));
      loopAnswers++;
      if (reply.json?.response?.status?.message === TIMEOUT_MESSAGE) loopTimeouts++;
    }
  });
  await new Promise((r) => setTimeout(r, loops > 0 ? 300 : 0)); // the loops are running before the clock starts
  const latencies: number[] = [];
  let failed = 0;
  const end = performance.now() + ms;
  const senders = Array.from({ length: UNRELATED_CONCURRENCY }, async (_, i) => {
    for (let n = 0; performance.now() < end && latencies.length < MAX_REQUESTS_PER_PHASE; n++) {
      const started = performance.now();
      const reply = await client.post("labels", review(`u-${i}-${n}`, { app: "web" }));
      latencies.push(performance.now() - started);
      if (reply.status !== 200 || reply.json?.response?.allowed !== true) failed++;
    }
  });
  await Promise.all(senders);
  const load = loadavg()[0];
  stop = true;
  await Promise.all(loopers);
  return { loops, answered: latencies.length, failed, latencyMs: summarise(latencies), loopAnswers, loopTimeouts, load };
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

interface MemoryPhase {
  beforeMiB: number;
  peakMiB: number;
  afterMiB: number;
  answers: string[];
  nextHungry: string;
  nextUnrelatedAllowed: boolean;
}

function describe(reply: Reply): string {
  const r = reply.json?.response;
  if (!r) return `HTTP ${reply.status}`;
  return r.allowed ? `allowed${r.warnings ? ` (${r.warnings[0]})` : ""}` : `denied ${r.status?.code}: ${r.status?.message}`;
}

async function memoryPhase(client: Client, server: ServeProcess): Promise<MemoryPhase> {
  const mib = (b: number) => Math.round(b / 2 ** 20);
  const before = rssBytes(server.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(server.pid))), RSS_SAMPLE_MS);
  const replies = await Promise.all(Array.from({ length: HUNGRY_AT_ONCE }, (_, i) => client.post("hungry", review(`h-${i}`, {}))));
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  clearInterval(sampler);
  const after = rssBytes(server.pid);
  const nextHungry = describe(await client.post("hungry", review("h-next", {})));
  const next = await client.post("labels", review("after-hungry", { app: "web" }));
  return {
    beforeMiB: mib(before), peakMiB: mib(Math.max(peak, after)), afterMiB: mib(after),
    answers: replies.map(describe), nextHungry, nextUnrelatedAllowed: next.json?.response?.allowed === true,
  };
}

async function guestModule(name: string, dir: string): Promise<string> {
  const path = join(dir, `${name}.wasm`);
  writeFileSync(path, await compileAssemblyScript(BENCH_PROJECT.root, join(PACKAGE_ROOT, "test", "guest-modules", `${name}.ts`)));
  return path;
}

export interface IsolationResult {
  date: string;
  phases: LatencyPhase[];
  memory: MemoryPhase;
  /** The cap each memory-hungry review ran under, and how many ran at once. */
  memoryCapMiB: number;
  hungryAtOnce: number;
}

export function formatIsolation(result: IsolationResult): string {
  const lines = ["looping reviews in flight   unrelated p50 ms   p99 ms   max ms   answered  failed   loop answers (timeouts)   load (1 min)"];
  for (const p of result.phases) {
    lines.push(
      `${String(p.loops).padStart(25)}  ${p.latencyMs.median.toFixed(1).padStart(17)} ${p.latencyMs.p99.toFixed(1).padStart(8)} ${p.latencyMs.max.toFixed(0).padStart(8)}` +
      ` ${String(p.answered).padStart(10)} ${String(p.failed).padStart(7)}   ${`${p.loopAnswers} (${p.loopTimeouts})`.padStart(22)}   ${p.load.toFixed(2).padStart(12)}`,
    );
  }
  const m = result.memory;
  lines.push("", `memory: ${result.hungryAtOnce} reviews asking for 1 GiB each at once under a cap of ${result.memoryCapMiB} MiB: RSS before ${m.beforeMiB} MiB, peak ${m.peakMiB} MiB, after ${m.afterMiB} MiB (${SETTLE_MS / 1000} s later)`);
  for (const a of new Set(m.answers)) lines.push(`  answered: ${a}`);
  lines.push(`  the next review of it: ${m.nextHungry}; the next unrelated review allowed: ${m.nextUnrelatedAllowed}`);
  return lines.join("\n");
}

/** Runs every phase, `phaseSeconds` each, on `port` (a free one by default, so two runs on one machine do not meet). */
export async function runIsolation(phaseSeconds: number, port?: number): Promise<IsolationResult> {
  port ??= await freePort();
  const phaseMs = phaseSeconds * 1000;
  const server = await startServeProcess(port, async (dir) => {
    copyFileSync(BENCH_PROJECT.module("required-labels"), join(dir, "required-labels.wasm"));
    return {
      labels: { module: "required-labels.wasm", settings: { requiredLabels: ["app"] } },
      loop: { module: await guestModule("loop-on-validate", dir) },
      hungry: { module: await guestModule("memory-hungry", dir) },
    };
  });
  const client = new Client(server);
  try {
    await latencyPhase(client, 0, 1000); // warm-up
    const phases = [await latencyPhase(client, 0, phaseMs)];
    for (const loops of LOOP_COUNTS) phases.push(await latencyPhase(client, loops, phaseMs));
    const memory = await memoryPhase(client, server);
    return { date: new Date().toISOString(), phases, memory, memoryCapMiB: DEFAULT_MAX_MEMORY_MIB, hungryAtOnce: HUNGRY_AT_ONCE };
  } finally {
    client.close();
    await server.stop();
  }
}
