// VAP conformance: the API server is the oracle. Every policy of test/vap/corpus is applied to
// the real kube-apiserver as a VAP and binding with validationActions [Deny], the file's
// objects are created, updated and deleted through the API, and the same requests are
// evaluated by the policy `wardenkit vap` makes of it (compiled, built, its manifest loaded as
// `check` loads one). Allowed or denied, the message the policy controls and the HTTP code of
// its reason must agree on every request. Objects are compared as the client sent them: the
// corpus checks fields the client sets, not those the API server defaults.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import type { Project } from "../../src/project/project.ts";
import type { VapCompiler } from "../../src/vap/folder-files.ts";
import { projectCopy } from "../support/project-copy.ts";
import { realKubeApiServer } from "../support/real-kube-api-server.ts";
import { compileEntry, corpusCompiler, evaluateObserved } from "../support/vap-compiled.ts";
import { readCorpus, type CorpusEntry } from "../support/vap-corpus.ts";
import { generatedCorpus } from "../support/vap-generated.ts";
import { apiOf, applyEntry, observeSteps, removeEntry, VapRefused, type Observation, type Outcome } from "../support/vap-oracle.ts";

interface Disagreement {
  request: string;
  apiServer: Outcome;
  wardenkit: Outcome;
}

const corpus = [...readCorpus(), ...generatedCorpus()];
let api: ReturnType<typeof apiOf>;
let project: Project;
let compiler: { compile: VapCompiler; name: string };
const applied: CorpusEntry[] = [];

const agree = (a: Outcome, b: Outcome) => a.allowed === b.allowed && (a.allowed || (a.message === b.message && a.code === b.code));

beforeAll(async () => {
  api = apiOf(await realKubeApiServer());
  project = projectCopy("vap-conformance");
  compiler = await corpusCompiler();
});

afterAll(async () => {
  for (const entry of applied) await removeEntry(api, entry);
});

describe("VAP conformance against the real kube-apiserver", () => {
  it("answers every request of the corpus as the API server does", async () => {
    // The API server loads the policies concurrently; each then runs its steps. A VAP the API
    // server refuses must be refused by the compiler too.
    const answers = await Promise.allSettled(corpus.map(async (entry) => {
      const namespace = await applyEntry(api, entry);
      applied.push(entry);
      return namespace;
    }));
    const refusedByApiServer = new Map<CorpusEntry, string>();
    answers.forEach((answer, i) => {
      if (answer.status === "fulfilled") return;
      if (!(answer.reason instanceof VapRefused)) throw answer.reason;
      refusedByApiServer.set(corpus[i], answer.reason.message);
    });
    const observed: { entry: CorpusEntry; namespace: KubernetesObject; observations: Observation[] }[] = [];
    for (const [i, entry] of corpus.entries()) {
      const answer = answers[i];
      if (answer.status === "fulfilled") observed.push({ entry, namespace: answer.value, observations: await observeSteps(api, entry) });
    }
    const disagreements: Disagreement[] = [];
    const refused: string[] = [];
    let compared = 0, denied = 0;
    for (const [entry, message] of refusedByApiServer) {
      const policy = await compileEntry(entry, project, compiler.compile);
      if (!("refused" in policy)) disagreements.push({ request: `${entry.name}: the VAP itself`, apiServer: { allowed: false, message }, wardenkit: { allowed: true } });
    }
    for (const { entry, namespace, observations } of observed) {
      const policy = await compileEntry(entry, project, compiler.compile);
      if ("refused" in policy) {
        refused.push(`${entry.name}: ${policy.refused.split("\n")[0]}`);
        continue;
      }
      for (const observation of observations) {
        const wardenkit = evaluateObserved(policy, observation, namespace);
        compared++;
        if (!observation.apiServer.allowed) denied++;
        if (!agree(observation.apiServer, wardenkit)) disagreements.push({ request: observation.description, apiServer: observation.apiServer, wardenkit });
      }
    }
    const requests = observed.reduce((n, o) => n + o.observations.length, 0);
    console.log(`VAP conformance with ${compiler.name}: ${corpus.length} policies (${refusedByApiServer.size} refused by the API server), ${requests} requests; ` +
      `${observed.length - refused.length} policies compiled, ` +
      `${compared} requests compared (${denied} denied by the API server), ${compared - disagreements.length} agree, ${disagreements.length} disagree` +
      (refused.length ? `\nnot compiled:\n  ${refused.join("\n  ")}` : "") +
      [...refusedByApiServer].map(([entry, message]) => `\nrefused by the API server: ${entry.name}: ${message.split("\n")[0]}`).join(""));
    expect(disagreements).toEqual([]);
    // A comparison where everything or nothing is denied proves little.
    expect(denied).toBeGreaterThan(0);
    expect(denied).toBeLessThan(compared);
  });
});
