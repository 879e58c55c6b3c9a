// An evaluating thread of the audit: loads the plan's policies once (from the modules the main
// thread fetched: it fetches nothing), then judges each batch of objects it is sent, every
// evaluation on a fresh instance as policy-server makes one. Context-aware policies read the
// live cluster, and the OCI, DNS and crypto capabilities their live sources, on the main
// thread, through the host call bridge.
import { parentPort, workerData } from "node:worker_threads";
import { compileOnce, type CompiledModules } from "../modules/module-resolver.ts";
import { loadPolicy, type ModuleSource } from "../policyset/policy-set.ts";
import { Namespaces } from "../policyset/namespaces.ts";
import { bridgedSources } from "../serve/kubernetes-bridge.ts";
import type { EvaluationContext } from "../policyset/verdict.ts";
import { moduleKey, type AuditPolicy } from "./audit-policies.ts";
import { auditObject } from "./audit-object.ts";
import { EvaluationProgress } from "./evaluation-progress.ts";
import type { BatchJob, ObjectAnswer, WorkerPlan } from "./evaluation-pool.ts";

const plan = workerData as WorkerPlan;
const progress = new EvaluationProgress(plan.progress);
const port = parentPort!;

function prefetched(): ModuleSource {
  const compiled: CompiledModules = new Map();
  const byKey = new Map(plan.modules.map((m) => [moduleKey(m.location, m.manifestDir), m]));
  return {
    load: (location, where, manifestDir) => {
      const module = byKey.get(moduleKey(location, manifestDir));
      if (!module) return Promise.reject(new Error(`${where}: module ${location} was not fetched`));
      return compileOnce(module.bytes, location, compiled);
    },
  };
}

async function loadPlan(): Promise<AuditPolicy[]> {
  const modules = prefetched();
  return Promise.all(plan.policies.map(async (p) => {
    if (p.problem) return p;
    try {
      return { ...p, loaded: await loadPolicy(p.document.object, p.document.source, modules, p.manifestDir) };
    } catch (err) {
      return { ...p, problem: (err as Error).message };
    }
  }));
}

const policies = await loadPlan();
const sources = bridgedSources(plan.bridge);
const context: EvaluationContext = {
  namespaces: new Namespaces(plan.namespaces),
  capabilities: () => sources,
  controllerNamespace: plan.controllerNamespace,
};

// Each object's results as soon as they are known: they also tell the pool the thread is not stuck.
port.on("message", (job: BatchJob) => {
  const chosen = job.policies.map((i) => policies[i]);
  for (const [position, object] of job.objects.entries()) {
    progress.object(job.id, position);
    port.postMessage({ id: job.id, results: auditObject(object, job.resource, chosen, context, (p) => progress.policy(p.index)) } satisfies ObjectAnswer);
  }
});
port.postMessage({ ready: true });
