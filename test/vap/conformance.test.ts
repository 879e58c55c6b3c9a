// VAP conformance: the API server is the oracle. Every policy of test/vap/corpus and of the
// generated set (test/support/vap-generated.ts) is applied to the real kube-apiserver as a VAP
// and binding with validationActions [Deny], its objects are created, updated and deleted
// through the API, and the same requests are evaluated by the policy `wardenkit vap` makes of
// it (compiled, built, its manifest loaded as `check` loads one). Allowed or denied, the
// message the policy controls and the HTTP code of its reason must agree on every request,
// and a VAP the API server refuses must be refused by the compiler. The policy is given each
// object as the client sent it, while the API server judges it decoded, defaulted and encoded
// again (an empty map or a field at its zero value dropped, defaults filled in): the corpus
// sends objects that read the same either way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCel, walkCel } from "../../src/cel/cel-ast.ts";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import type { Project } from "../../src/project/project.ts";
import { FUNCTIONS } from "../../src/vap/cel-functions.ts";
import { realKubeApiServer } from "../support/real-kube-api-server.ts";
import { compileEntry, corpusProject, evaluateObserved } from "../support/vap-compiled.ts";
import { compileVap } from "../../src/vap/compile-vap.ts";
import { readCorpus, type CorpusEntry } from "../support/vap-corpus.ts";
import { generatedCorpus } from "../support/vap-generated.ts";
import { apiOf, applyEntry, observeSteps, removeEntry, VapRefused, type Observation, type Outcome } from "../support/vap-oracle.ts";

interface Disagreement {
  request: string;
  apiServer: Outcome;
  wardenkit: Outcome;
}

/** Disagreements known and not yet fixed, by request, with why; the test fails when one goes away, so the list stays true. */
const KNOWN_DISAGREEMENTS: Record<string, string> = {};

const corpus = [...readCorpus(), ...generatedCorpus()];
let api: ReturnType<typeof apiOf>;
let project: Project;
const applied: CorpusEntry[] = [];

const agree = (a: Outcome, b: Outcome) => a.allowed === b.allowed && (a.allowed || (a.message === b.message && a.code === b.code));

interface Applied {
  entry: CorpusEntry;
  namespace?: KubernetesObject;
  /** The API server refused the VAP itself. */
  refusal?: string;
  observations: Observation[];
}

/** Applies every entry at once (the API server loads them concurrently), then runs each one's steps. */
async function applyCorpus(): Promise<Applied[]> {
  const answers = await Promise.allSettled(corpus.map(async (entry) => {
    const namespace = await applyEntry(api, entry);
    applied.push(entry);
    return namespace;
  }));
  const results: Applied[] = [];
  for (const [i, entry] of corpus.entries()) {
    const answer = answers[i];
    if (answer.status === "fulfilled") results.push({ entry, namespace: answer.value, observations: await observeSteps(api, entry) });
    else if (answer.reason instanceof VapRefused) results.push({ entry, refusal: answer.reason.message, observations: [] });
    else throw answer.reason;
  }
  return results;
}

/** The functions the expressions of a VAP call. */
function functionsOf(entry: CorpusEntry): string[] {
  const spec = entry.inputs.policies[0].object.spec as { validations?: { expression: string; messageExpression?: string }[]; variables?: { expression: string }[] };
  const expressions = [...(spec.validations ?? []).flatMap((v) => [v.expression, v.messageExpression ?? "true"]), ...(spec.variables ?? []).map((v) => v.expression)];
  const names: string[] = [];
  for (const text of expressions) {
    const parsed = parseCel(text);
    if ("expr" in parsed) walkCel(parsed.expr, (node) => node.exprKind.case === "callExpr" && names.push(node.exprKind.value.function));
  }
  return names;
}

beforeAll(async () => {
  api = apiOf(await realKubeApiServer());
  project = corpusProject();
});

afterAll(async () => {
  for (const entry of applied) await removeEntry(api, entry);
});

describe("VAP conformance against the real kube-apiserver", () => {
  it("answers every request of the corpus as the API server does", async () => {
    const results = await applyCorpus();
    const disagreements: Disagreement[] = [], notCompiled: string[] = [], called = new Set<string>();
    let compared = 0, denied = 0;
    for (const { entry, namespace, refusal, observations } of results) {
      const policy = await compileEntry(entry, project, compileVap);
      if (refusal !== undefined) {
        if (!("refused" in policy)) disagreements.push({ request: `${entry.name}: the VAP itself`, apiServer: { allowed: false, message: refusal }, wardenkit: { allowed: true } });
        continue;
      }
      if ("refused" in policy) {
        notCompiled.push(`${entry.name}: ${policy.refused.split("\n")[0]}`);
        continue;
      }
      functionsOf(entry).forEach((name) => called.add(name));
      for (const observation of observations) {
        const wardenkit = evaluateObserved(policy, observation, namespace!);
        compared++;
        if (!observation.apiServer.allowed) denied++;
        if (!agree(observation.apiServer, wardenkit)) disagreements.push({ request: observation.description, apiServer: observation.apiServer, wardenkit });
      }
    }
    const requests = results.reduce((n, r) => n + r.observations.length, 0);
    const refusedByApiServer = results.filter((r) => r.refusal !== undefined).length;
    console.log(`VAP conformance: ${corpus.length} policies (${refusedByApiServer} refused by the API server), ${requests} requests; ` +
      `${results.length - refusedByApiServer - notCompiled.length} policies compiled, ${compared} requests compared (${denied} denied by the API server), ` +
      `${compared + refusedByApiServer - disagreements.length} of ${compared + refusedByApiServer} answers agree` +
      (notCompiled.length ? `\nnot compiled (refused by the compiler):\n  ${notCompiled.join("\n  ")}` : "") +
      (disagreements.length ? `\ndisagreements:\n  ${disagreements.map((d) => `${d.request}${KNOWN_DISAGREEMENTS[d.request] ? " (known)" : ""}`).join("\n  ")}` : ""));
    expect(disagreements.filter((d) => !KNOWN_DISAGREEMENTS[d.request])).toEqual([]);
    expect(Object.keys(KNOWN_DISAGREEMENTS).filter((known) => !disagreements.some((d) => d.request === known)), "known disagreements that went away").toEqual([]);
    // A comparison where everything or nothing is denied proves little.
    expect(denied).toBeGreaterThan(0);
    expect(denied).toBeLessThan(compared);
    // Every function the compiler accepts is called by a compiled policy of the corpus.
    expect(Object.keys(FUNCTIONS).filter((name) => !called.has(name))).toEqual([]);
  });
});
