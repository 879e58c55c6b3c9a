// `wardenkit audit` as a library call: what in a running cluster already breaks a policy set.
// The policies are loaded once (from manifests or from the cluster), the resources their rules
// select found through discovery, each listed page by page and judged in batches on a bounded
// pool of evaluating threads; results come out as the batches are judged, so memory holds one
// page and the batches in flight whatever the cluster's size. What cannot be listed or
// evaluated is reported as `error` with the reason, and the audit goes on.
import { availableParallelism } from "node:os";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { kubeConfigFor, type LoadedKubeConfig } from "../cluster/kubeconfig.ts";
import { ModuleResolver, type ModuleResolverOptions } from "../modules/module-resolver.ts";
import { LiveExternalSource, type LiveExternalOptions } from "../host/live/live-external-source.ts";
import { LiveCluster } from "../serve/live-cluster.ts";
import { pluralOf } from "../host/wrap-object.ts";
import { POLICIES_API_VERSION } from "../kubewarden/policy-kinds.ts";
import { readsNamespaceLabels } from "../policyset/matching.ts";
import { DEFAULT_CONTROLLER_NAMESPACE } from "../policyset/check.ts";
import type { PolicyObject } from "../manifests/policy-documents.ts";
import { planPolicies, policyFiles, type AuditPolicy, type FetchedModule } from "./audit-policies.ts";
import type { AuditResult } from "./audit-result.ts";
import { ClusterReader, type ListedResource } from "./cluster-reader.ts";
import { clusterPolicies } from "./cluster-policies.ts";
import { EvaluationPool } from "./evaluation-pool.ts";
import { undiscoveredResults, type UndiscoveredGroupVersion } from "./undiscovered.ts";
import { auditTasks, type AuditTask, type DiscoveredResource } from "./selected-resources.ts";

export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_BATCH_SIZE = 50;

export interface AuditOptions {
  kubeconfig?: string;
  context?: string;
  /** Policy manifests or folders; or `fromCluster`. */
  policies?: string[];
  fromCluster?: boolean;
  modules?: ModuleResolverOptions;
  /** How context-aware policies reach registries, DNS and certificates. */
  external?: LiveExternalOptions;
  controllerNamespace?: string;
  /** Evaluating threads (default: the machine's parallelism). */
  workers?: number;
  /** Objects per list request (`limit`). */
  pageSize?: number;
  /** Objects per batch handed to a thread. */
  batchSize?: number;
}

/** How far the audit has got: objects listed, and objects evaluated. */
export interface AuditProgress {
  listed: number;
  evaluated: number;
}

export interface AuditRun {
  server: string;
  /** The kubeconfig the audit reads the cluster through: what writes its reports uses the same connections. */
  kubeConfig: LoadedKubeConfig;
  /** The policies audited, in the plan's order. */
  policies: AuditPolicy[];
  /** Policies with `backgroundAudit: false`, not audited. */
  notAudited: PolicyObject[];
  /** The results, as they are judged; iterate once. */
  results: AsyncGenerator<AuditResult>;
  progress: AuditProgress;
}

/** A policy that could not be loaded and whose rules name nothing: its error is reported on the policy itself. */
function onThePolicy(policy: AuditPolicy): AuditResult {
  const { kind, name, namespace } = policy.described;
  return {
    policy: policy.described, outcome: "error", message: policy.problem,
    resource: { apiVersion: POLICIES_API_VERSION, kind, resource: pluralOf(kind), name, ...(namespace ? { namespace } : {}) },
  };
}

/** The resources every group version serves; a group version whose discovery fails (an aggregated API that is down) is kept with the reason. */
async function discover(reader: ClusterReader): Promise<{ discovered: DiscoveredResource[]; undiscovered: UndiscoveredGroupVersion[] }> {
  const versions = await reader.groupVersions();
  const undiscovered: UndiscoveredGroupVersion[] = [];
  const lists = await Promise.all(versions.map(async (v) => {
    try {
      return (await reader.resources(v.group, v.version)).map((r) => ({ ...r, preferred: v.preferred }));
    } catch (err) {
      undiscovered.push({ group: v.group, version: v.version, reason: (err as Error).message });
      return [];
    }
  }));
  return { discovered: lists.flat(), undiscovered };
}

/** The Namespace objects, when a policy's namespaceSelector reads their labels; a policy that needs them and cannot have them is an error. */
async function namespacesFor(reader: ClusterReader, policies: AuditPolicy[], pageSize: number): Promise<KubernetesObject[]> {
  const needing = policies.filter((p) => p.loaded && readsNamespaceLabels(p.loaded));
  if (!needing.length) return [];
  const namespaces: KubernetesObject[] = [];
  const resource: ListedResource = { group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false };
  try {
    for await (const page of reader.listAll(resource, undefined, pageSize)) namespaces.push(...page.map((n) => ({ apiVersion: "v1", kind: "Namespace", metadata: n.metadata })));
  } catch (err) {
    for (const p of needing) {
      p.problem = `its namespaceSelector reads the labels of namespaces, which cannot be read: ${(err as Error).message}`;
      delete p.loaded;
    }
  }
  return namespaces;
}

function loadedConfig(options: AuditOptions): LoadedKubeConfig {
  return kubeConfigFor(options.kubeconfig, options.context);
}

export async function runAudit(options: AuditOptions): Promise<AuditRun> {
  const loaded = loadedConfig(options);
  const reader = new ClusterReader(loaded);
  const documents = options.fromCluster ? await clusterPolicies(reader) : policyFiles(options.policies ?? []);
  const { policies, modules, notAudited } = await planPolicies(documents, new ModuleResolver(options.modules), !options.fromCluster);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const { discovered, undiscovered } = await discover(reader);
  const namespaces = await namespacesFor(reader, policies, pageSize);
  const tasks = auditTasks(policies, discovered);
  const progress: AuditProgress = { listed: 0, evaluated: 0 };
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const plan = { reader, policies, modules, namespaces, tasks, undiscovered, progress, workers, pageSize, batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE };
  return {
    server: reader.server, kubeConfig: loaded, policies, notAudited, progress,
    results: judged(plan, loaded, options),
  };
}

interface Plan {
  reader: ClusterReader;
  policies: AuditPolicy[];
  modules: FetchedModule[];
  namespaces: KubernetesObject[];
  tasks: AuditTask[];
  undiscovered: UndiscoveredGroupVersion[];
  progress: AuditProgress;
  workers: number;
  pageSize: number;
  batchSize: number;
}

/** Every task's objects, page by page, in batches on the pool; at most two batches per thread in flight. */
async function* judged(plan: Plan, loaded: LoadedKubeConfig, options: AuditOptions): AsyncGenerator<AuditResult> {
  for (const p of plan.policies) if (p.problem && !p.rules.length) yield onThePolicy(p);
  yield* undiscoveredResults(plan.policies, plan.undiscovered);
  if (!plan.tasks.length) return;
  const live = new LiveCluster(loaded.config);
  const pool = new EvaluationPool(plan.policies, plan.modules, plan.namespaces, options.controllerNamespace ?? DEFAULT_CONTROLLER_NAMESPACE,
    { kubernetes: live, external: new LiveExternalSource(options.external) }, plan.workers);
  const inFlight: Promise<AuditResult[]>[] = [];
  const limit = plan.workers * 2;
  try {
    for (const task of plan.tasks) {
      const indexes = task.policies.map((p) => p.index);
      try {
        for await (const page of plan.reader.listAll(task.resource, task.namespace, plan.pageSize)) {
          plan.progress.listed += page.length;
          for (let at = 0; at < page.length; at += plan.batchSize) {
            const batch = page.slice(at, at + plan.batchSize);
            inFlight.push(pool.evaluate(task.resource, indexes, batch).then((results) => ((plan.progress.evaluated += batch.length), results)));
            while (inFlight.length >= limit) yield* await inFlight.shift()!;
          }
        }
      } catch (err) {
        yield* unlisted(task, (err as Error).message);
      }
    }
    while (inFlight.length) yield* await inFlight.shift()!;
  } finally {
    await pool.stop();
    await live.close();
  }
}

/** A resource that could not be listed (forbidden, gone): `error` for each policy that selected it, on every object of it (named `*`); the reason names the list. */
function unlisted(task: AuditTask, reason: string): AuditResult[] {
  const { group, version, resource, kind } = task.resource;
  const every = { apiVersion: group ? `${group}/${version}` : version, kind, resource, name: "*", ...(task.namespace ? { namespace: task.namespace } : {}) };
  return task.policies.map((p) => ({ policy: p.described, resource: every, outcome: "error", message: reason }));
}
