// wardenkit serve: a development policy server speaking policy-server's protocol,
// with hot reload, denial Events and metrics; --register points the cluster at it.
// The flags become a plan (serve-plan.ts); this starts it, prints where it serves, and
// stops it on SIGINT or SIGTERM (a second one stops without waiting for reviews in flight).
import { startServer, type RunningServer } from "../../serve/server.ts";
import { isAnyAddress } from "../../serve/listener.ts";
import type { CommandInput } from "../command.ts";
import type { ServeFlags } from "../commands/serve.ts";
import { CliError } from "../errors.ts";
import { printLine } from "../io.ts";
import { planServe, type ServePlan } from "./serve-plan.ts";
import { FollowingRegistration } from "./serve-registration.ts";

type Print = (line: string) => void;

/** Resolves when the process is asked to stop. */
function stopSignal(): Promise<string> {
  return new Promise((done) => {
    const signals = ["SIGINT", "SIGTERM"] as const;
    const stop = (signal: string) => {
      for (const s of signals) process.off(s, stop);
      done(signal);
    };
    for (const signal of signals) process.on(signal, stop);
  });
}

async function start(plan: ServePlan, registration: FollowingRegistration | null, print: Print): Promise<RunningServer> {
  try {
    return await startServer({ ...plan.server, log: print, onReload: registration?.onReload });
  } catch (err) {
    // A registration that failed half way leaves nothing behind.
    await registration?.undo();
    await plan.cluster?.close();
    throw new CliError((err as Error).message);
  }
}

function servingLines(plan: ServePlan, server: RunningServer): string[] {
  const lines = [`serving ${server.policies.list().length} policies at ${server.url}/validate/<policy-id> (readiness: /readiness, metrics: /metrics)`];
  const unserved = server.policies.unserved.map((p) => p.id);
  if (unserved.length > 0) lines.push(`not serving ${unserved.join(", ")} (see above): /readiness answers 503 until they load`);
  const everyInterface = isAnyAddress(plan.address) ? " (every interface)" : "";
  lines.push(`listening on ${plan.address}:${server.port}${everyInterface}${plan.registration ? `; the cluster calls ${plan.baseUrl}` : ""}`);
  lines.push(plan.cluster
    ? `cluster: ${plan.cluster.server} (live host capabilities and denial Events)`
    : "cluster: none (no kubeconfig; kubernetes host capabilities answer with an error, no Events)");
  if (plan.caFile) lines.push(`CA certificate (${plan.caFile}):\n${plan.certificate.ca.trim()}`);
  return lines;
}

export async function run({ flags, io }: CommandInput<ServeFlags>): Promise<number> {
  const print: Print = (line) => printLine(io.stdout, line);
  const plan = planServe(flags);
  const registration = plan.registration ? new FollowingRegistration(plan.registration, flags["keep-registration"], print) : null;
  const server = await start(plan, registration, print);
  for (const line of servingLines(plan, server)) print(line);
  const stopped = stopSignal().then((signal) => ({ signal }));
  const ended = await Promise.race(registration ? [stopped, registration.failed.then((reason) => ({ reason }))] : [stopped]);
  print("signal" in ended ? `${ended.signal}: stopping` : "stopping: the webhooks could not be registered");
  void stopSignal().then((signal) => {
    print(`${signal} again: stopping without waiting for the reviews in flight`);
    server.hurry();
  });
  await registration?.end();
  await server.close();
  await plan.cluster?.close();
  print("stopped");
  if ("reason" in ended) throw new CliError(ended.reason);
  return 0;
}
