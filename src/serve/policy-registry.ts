// The set of served policies. A load (at start or on reload) fetches, compiles
// and validates the settings of every new or changed policy, then replaces the
// whole set with one assignment: a request sees either the old set or the new
// one, and requests already dispatched finish on the module they started with.
// A policy that fails to load is reported; if an earlier version was being
// served, that version keeps serving (the policy is then `stale`). A module that
// Kubewarden would not load is refused with the build's reasons.
import { sha256Digest } from "../kubewarden/digest.ts";
import { PolicyModule } from "../host/policy-module.ts";
import { capMemory, MemoryCapError } from "../wasm/memory-cap.ts";
import { auditModule, WOULD_NOT_LOAD } from "../build/audit.ts";
import type { PullOptions } from "../oci/pull.ts";
import type { ContextAwareResource, PolicyRule } from "../wasm/policy-metadata.ts";
import type { ConfigProblem, PolicyConfig, ServeConfig } from "./config.ts";
import { fetchModule, ModuleFileError } from "../modules/fetch-module.ts";
import type { ModuleVerification } from "../modules/module-verification.ts";
import { parseModuleLocation } from "../modules/location.ts";
import type { ModuleHandle } from "./protocol.ts";
import type { WorkerPool } from "./worker-pool.ts";

export interface ServedPolicy {
  id: string;
  config: PolicyConfig;
  module: ModuleHandle;
  allowedToMutate: boolean;
  contextAwareResources: ContextAwareResource[];
  rules: PolicyRule[];
  timeoutMs: number;
  /** Module digest and configuration: equal fingerprints need no reload. */
  fingerprint: string;
}

export interface LoadReport {
  loaded: string[];
  unchanged: string[];
  removed: string[];
  failed: ConfigProblem[];
}

export interface RegistryOptions {
  defaultTimeoutMs: number;
  /** Linear memory one evaluation may use, unless a policy says otherwise. */
  memoryCapBytes: number;
  registry?: PullOptions;
  /** Registry modules must satisfy it; one that does not is not served. */
  verification?: ModuleVerification;
}

/**
 * The module as it runs, its memory capped; throws the reasons Kubewarden would not load it.
 * Bytes that are no valid module are left for PolicyModule to describe.
 */
function runnable(bytes: Uint8Array, capBytes: number): Uint8Array {
  if (!WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) return bytes;
  const problems = auditModule(bytes);
  if (problems.length > 0) throw new Error(`${WOULD_NOT_LOAD}: ${problems.join("; ")}`);
  return capMemory(bytes, capBytes);
}

export class PolicyRegistry {
  private served: ReadonlyMap<string, ServedPolicy> = new Map();
  private lastProblems: ConfigProblem[] = [];
  /** Registry and URL modules are fetched once per URI, as policy-server caches them. */
  private readonly downloaded = new Map<string, Uint8Array>();
  private loading: Promise<unknown> = Promise.resolve();

  constructor(private readonly pool: WorkerPool, private readonly options: RegistryOptions) {}

  get(id: string): ServedPolicy | undefined {
    return this.served.get(id);
  }

  list(): ServedPolicy[] {
    return [...this.served.values()];
  }

  /** Policies of the last load that are not served as configured. */
  get problems(): ConfigProblem[] {
    return this.lastProblems;
  }

  /** Configured policies that are not served at all (not even an earlier version), and why. */
  get unserved(): ConfigProblem[] {
    return this.lastProblems.filter((p) => !this.served.has(p.id));
  }

  /** Policies of the last load that failed but still serve their previous version, and why. */
  get stale(): ConfigProblem[] {
    return this.lastProblems.filter((p) => this.served.has(p.id));
  }

  /** Loads a configuration; loads never overlap, the last one wins. */
  load(config: ServeConfig): Promise<LoadReport> {
    const run = this.loading.then(() => this.apply(config));
    this.loading = run.catch(() => {});
    return run;
  }

  private async apply(config: ServeConfig): Promise<LoadReport> {
    const previous = this.served;
    const report: LoadReport = { loaded: [], unchanged: [], removed: [], failed: [...config.problems] };
    const next = new Map<string, ServedPolicy>();
    const results = await Promise.all(config.policies.map((policy) => this.prepare(policy, previous.get(policy.id))));
    for (const [i, result] of results.entries()) {
      const id = config.policies[i].id;
      if ("error" in result) {
        report.failed.push({ id, error: result.error });
        const kept = previous.get(id);
        if (kept) next.set(id, kept);
      } else {
        next.set(id, result.policy);
        (result.policy === previous.get(id) ? report.unchanged : report.loaded).push(id);
      }
    }
    // Ids whose entry is broken keep their previous version, as above.
    for (const problem of config.problems) {
      const kept = previous.get(problem.id);
      if (kept && !next.has(problem.id)) next.set(problem.id, kept);
    }
    report.removed = [...previous.keys()].filter((id) => !next.has(id));
    this.served = next;
    this.lastProblems = report.failed;
    this.forgetUnused(previous, next);
    return report;
  }

  private forgetUnused(previous: ReadonlyMap<string, ServedPolicy>, next: ReadonlyMap<string, ServedPolicy>): void {
    const inUse = new Set([...next.values()].map((p) => p.module.digest));
    for (const old of previous.values()) if (!inUse.has(old.module.digest)) this.pool.forget(old.module.digest);
  }

  private async fetch(config: PolicyConfig): Promise<Uint8Array> {
    const location = parseModuleLocation(config.module, { baseDir: config.baseDir });
    if (location.kind === "file") return fetchModule(location);
    let bytes = this.downloaded.get(config.module);
    if (!bytes) {
      bytes = await fetchModule(location, { registry: this.options.registry, verification: this.options.verification });
      this.downloaded.set(config.module, bytes);
    }
    return bytes;
  }

  private async prepare(config: PolicyConfig, current: ServedPolicy | undefined): Promise<{ policy: ServedPolicy } | { error: string }> {
    try {
      const capBytes = config.maxMemoryMiB ? config.maxMemoryMiB * 2 ** 20 : this.options.memoryCapBytes;
      // The digest is of the module as it runs, cap included: workers keep evaluators by digest.
      const bytes = runnable(await this.fetch(config), capBytes);
      const digest = sha256Digest(bytes);
      const fingerprint = `${digest} ${JSON.stringify(config)}`;
      if (current?.fingerprint === fingerprint) return { policy: current };
      const compiled = current?.module.digest === digest ? null : await PolicyModule.fromBytes(bytes, config.id);
      const module: ModuleHandle = compiled
        ? { digest, name: config.id, module: compiled.module, metadata: compiled.metadata }
        : current!.module;
      const policy: ServedPolicy = {
        id: config.id,
        config,
        module,
        allowedToMutate: config.allowedToMutate ?? module.metadata?.mutating ?? false,
        contextAwareResources: config.contextAwareResources ?? module.metadata?.contextAwareResources ?? [],
        rules: module.metadata?.rules ?? [],
        timeoutMs: config.timeoutSeconds ? config.timeoutSeconds * 1000 : this.options.defaultTimeoutMs,
        fingerprint,
      };
      const error = await this.settingsError(policy);
      return error ? { error } : { policy };
    } catch (err) {
      if (err instanceof MemoryCapError) return { error: `the module ${err.message}` };
      if (err instanceof ModuleFileError) return { error: `cannot read module ${err.path}: ${err.reason}` };
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** validate_settings on a worker, bounded by the policy's timeout. */
  private async settingsError(policy: ServedPolicy): Promise<string | null> {
    const result = await this.pool.run(policy.module, { kind: "settings", settings: policy.config.settings }, policy.timeoutMs);
    if (result.kind === "timeout") return "validate_settings exceeded the allowed execution time";
    if (result.kind === "failed") return `validate_settings failed: ${result.error}`;
    if (result.kind === "cancelled") return "validate_settings was cancelled";
    if (result.outcome.kind !== "settings") return "validate_settings gave an unexpected answer";
    if (result.outcome.valid) return null;
    const from = policy.config.settingsFile ? ` (settings from ${policy.config.settingsFile})` : "";
    return `Policy settings are invalid: ${result.outcome.message ?? "no reason given"}${from}`;
  }
}
