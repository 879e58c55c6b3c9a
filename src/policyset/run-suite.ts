// Runs a policy suite: loads its policy set once (each module compiled once), turns each
// resource into the AdmissionRequest the API server would send, and compares every
// policy's verdict with the result the suite expects.
import { basename, resolve } from "node:path";
import { ClusterState } from "../host/capabilities/cluster-state.ts";
import { ReplaySession } from "../host/capabilities/replay.ts";
import { atLine, isMalformed, malformedResult, type CaseResult } from "./case-result.ts";
import { entryLines } from "../inputs/source-lines.ts";
import { DEFAULT_CONTROLLER_NAMESPACE } from "./check.ts";
import { evaluatePolicy } from "./evaluate.ts";
import { JudgedRequest } from "./judged-request.ts";
import { ModuleResolver, type SuiteModuleOptions } from "../modules/module-resolver.ts";
import { Namespaces } from "./namespaces.ts";
import { describeLoaded, loadPolicySet, type LoadedPolicy } from "./policy-set.ts";
import { describeObject, requestFor } from "./requests.ts";
import { SuiteError } from "./suite-error.ts";
import { loadSuiteFile, withoutPrefix, type ExpectedResult, type SuiteFile, type SuiteResource } from "./suite-file.ts";
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

function contextFor(suite: SuiteFile, resource: SuiteResource, namespaces: Namespaces, cluster: ClusterState | undefined): EvaluationContext {
  return {
    namespaces,
    // A replay session answers one evaluation, so each policy reads a fresh copy.
    capabilities: () => ({ kubernetes: cluster, replay: resource.replay ? ReplaySession.fromFile(resource.replay) : undefined }),
    controllerNamespace: suite.controllerNamespace ?? DEFAULT_CONTROLLER_NAMESPACE,
  };
}

/** Every object of one resource (at `line` of the suite) against the policies its results name; a SuiteError fails the whole resource. */
function resourceResults(suite: SuiteFile, resource: SuiteResource, policies: LoadedPolicy[], context: EvaluationContext, line: () => number | undefined): CaseResult[] {
  const results: CaseResult[] = [];
  for (const { object, source, results: wanted } of resource.objects) {
    const request = new JudgedRequest(requestFor(object, {
      operation: resource.operation,
      oldObject: resource.oldObject,
      userInfo: resource.userInfo,
      resource: resource.resource,
      subResource: resource.subResource,
    }));
    const name = resource.objects.length > 1 ? `${resource.name}: ${describeObject(object)}` : resource.name;
    const expectations = [...wanted].map(([key, want]) => ({ policy: policyNamed(policies, key, resource.where), want }));
    for (const { policy, want } of expectations) {
      const failures = compare(evaluatePolicy(policy, request, context, source), want);
      results.push(atLine({ file: suite.path, policy: policy.key, name, passed: failures.length === 0, failures }, line));
    }
  }
  return results;
}

/** Every resource of a suite in order, its results given as each resource is run; one that cannot be read or decided is a failed case, and the others still run. */
export async function* suiteResults(suite: SuiteFile, distDir: string, options: SuiteModuleOptions = {}): AsyncGenerator<CaseResult> {
  const resolver = new ModuleResolver({ ...options, aliases: suite.modules, baseDir: resolve(suite.path, ".."), distDir });
  const policies = await loadPolicySet(suite.policyPaths, suite.inlinePolicies, resolver);
  const everyObject = suite.resources.flatMap((r) => r.objects.map((o) => o.object));
  const namespaces = new Namespaces([...(suite.cluster ?? []), ...everyObject]);
  const cluster = suite.cluster ? new ClusterState(suite.cluster) : undefined;
  // A failure that belongs to no policy is shown under the suite's file name.
  const suiteName = basename(suite.path);
  const lineOf = entryLines(suite.path, "resources");
  for (const [index, entry] of suite.entries.entries()) {
    const line = () => lineOf(index);
    if (isMalformed(entry)) {
      yield atLine(malformedResult(suite.path, suiteName, entry), line);
      continue;
    }
    let results: CaseResult[];
    try {
      results = resourceResults(suite, entry, policies, contextFor(suite, entry, namespaces, cluster), line);
    } catch (err) {
      if (!(err instanceof SuiteError)) throw err;
      results = [atLine(malformedResult(suite.path, suiteName, { name: entry.name, problem: withoutPrefix(err.message, entry.where) }), line)];
    }
    yield* results;
  }
}

/** A suite file's results, as suiteResults gives them (its document given when already read). */
export function suiteFileResults(path: string, distDir: string, doc?: unknown, options: SuiteModuleOptions = {}): AsyncGenerator<CaseResult> {
  return suiteResults(loadSuiteFile(path, doc), distDir, options);
}
