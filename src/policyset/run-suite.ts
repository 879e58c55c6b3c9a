// Runs a policy suite: loads its policy set once (each module compiled once), turns each
// resource into the AdmissionRequest the API server would send, and compares every
// policy's verdict with the result the suite expects, giving each result as it is decided
// (a resource's objects are read from their files as they are used).
import { resolve } from "node:path";
import { ClusterState } from "../host/capabilities/cluster-state.ts";
import { ReplaySession } from "../host/capabilities/replay.ts";
import type { CaseResult } from "../testing/run-cases.ts";
import { InputError } from "../testing/inputs.ts";
import { withPlurality, type SourcedObject } from "../testing/object-files.ts";
import { UnreadableFileError } from "../text-file.ts";
import { DEFAULT_CONTROLLER_NAMESPACE, knownNamespaces } from "./check.ts";
import { evaluatePolicy } from "./evaluate.ts";
import { ModuleResolver, type CompiledModules } from "./module-resolver.ts";
import type { Namespaces } from "./namespaces.ts";
import { describeLoaded, loadPolicySet, type LoadedPolicy } from "./policy-set.ts";
import { describeObject, requestFor } from "./requests.ts";
import { SuiteError } from "./suite-error.ts";
import { loadSuiteFile, type ExpectedResult, type SuiteFile, type SuiteResource } from "./suite-file.ts";
import type { EvaluationContext, Verdict } from "./verdict.ts";

function policyNamed(policies: LoadedPolicy[], key: string, where: string): LoadedPolicy {
  const found = policies.filter((p) => p.key === key || describeLoaded(p) === key);
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new SuiteError(`${where}: '${key}' names ${found.map(describeLoaded).join(" and ")}; write '<Kind> ${key}'`);
  throw new SuiteError(`${where}: results name '${key}', which is not a policy of the suite (policies: ${policies.map((p) => p.key).join(", ")})`);
}

function compare(verdict: Verdict, want: ExpectedResult): string[] {
  const failures: string[] = [];
  const got = `${verdict.result}${verdict.message ? ` (${verdict.message})` : ""}`;
  if (verdict.result !== want.result) failures.push(`expected ${want.result}, got ${got}`);
  else if (want.message && !want.message.test(verdict.message ?? "")) failures.push(`message ${JSON.stringify(verdict.message ?? null)} does not match ${want.message}`);
  return failures;
}

/** A resource's objects; an object file that cannot be read is an error of the suite that names it. */
function* objectsOf(resource: SuiteResource): Generator<SourcedObject> {
  try {
    yield* resource.objects();
  } catch (err) {
    if (err instanceof InputError || err instanceof UnreadableFileError) throw new SuiteError(`${resource.where}: ${err.message}`);
    throw err;
  }
}

function contextFor(suite: SuiteFile, resource: SuiteResource, namespaces: Namespaces, cluster: ClusterState | undefined): EvaluationContext {
  return {
    namespaces,
    // A replay session answers one evaluation, so each policy reads a fresh copy.
    capabilities: () => ({ kubernetes: cluster, replay: resource.replay ? ReplaySession.fromFile(resource.replay) : undefined }),
    controllerNamespace: suite.controllerNamespace ?? DEFAULT_CONTROLLER_NAMESPACE,
  };
}

/** Each policy's result for each object of each resource, as it is decided. */
export async function* suiteResults(suite: SuiteFile, distDir: string, compiledModules?: CompiledModules, log?: (line: string) => void): AsyncGenerator<CaseResult> {
  const resolver = new ModuleResolver({ aliases: suite.modules, baseDir: resolve(suite.path, ".."), distDir, compiledModules, log });
  const policies = await loadPolicySet(suite.policyPaths, suite.inlinePolicies, resolver);
  const namespaces = knownNamespaces(policies, suite.cluster, function* () {
    for (const resource of suite.resources) for (const { object } of objectsOf(resource)) yield object;
  });
  const cluster = suite.cluster ? new ClusterState(suite.cluster) : undefined;
  for (const resource of suite.resources) {
    const expectations = [...resource.results].map(([key, want]) => ({ policy: policyNamed(policies, key, resource.where), want }));
    const context = contextFor(suite, resource, namespaces, cluster);
    let none = true;
    for (const { item: { object, source }, several } of withPlurality(objectsOf(resource))) {
      none = false;
      const request = requestFor(object, {
        operation: resource.operation,
        oldObject: resource.oldObject,
        userInfo: resource.userInfo,
        resource: resource.resource,
        subResource: resource.subResource,
      });
      const name = several ? `${resource.name}: ${describeObject(object)}` : resource.name;
      for (const { policy, want } of expectations) {
        const verdict = evaluatePolicy(policy, request, context, source);
        const failures = compare(verdict, want);
        yield { file: suite.path, policy: policy.key, name, passed: failures.length === 0, failures };
      }
    }
    if (none) throw new SuiteError(`${resource.where}: ${resource.files?.join(", ")} hold no objects`);
  }
}

/** A suite file's results (its document given when already read). */
export function suiteFileResults(path: string, distDir: string, doc?: unknown, compiledModules?: CompiledModules, log?: (line: string) => void): AsyncGenerator<CaseResult> {
  return suiteResults(loadSuiteFile(path, doc), distDir, compiledModules, log);
}
