// The matching differential: which policies see a request, as wardenkit's matching (what
// `check` and suites use) decides it, against what the real kube-apiserver sends to the
// webhooks the Kubewarden controller would register for the same policies. A seeded policy
// set (test/support/matching-scenario.ts) becomes ValidatingWebhookConfigurations as the
// controller writes them (test/support/kubewarden-webhooks.ts), pointing at a recording
// webhook that allows everything; objects are then created, relabelled, changed through
// subresources and deleted through the API, and every (request, policy) pair is compared.
// WARDENKIT_DIFFERENTIAL_SEED=<n> runs another scenario.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdmissionRequest } from "../../src/host/admission-request.ts";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import { conditionRefusal } from "../../src/policyset/match-conditions.ts";
import { matchPolicy, type MatchOutcome } from "../../src/policyset/matching.ts";
import { ModuleResolver } from "../../src/modules/module-resolver.ts";
import { Namespaces } from "../../src/policyset/namespaces.ts";
import { loadPolicy, loadPolicySet, type LoadedPolicy } from "../../src/policyset/policy-set.ts";
import { requestFor } from "../../src/policyset/requests.ts";
import { createNamespace, objectApi } from "../support/cluster-objects.ts";
import { uniqueName, validatingWebhookConfiguration } from "../support/kubewarden-webhooks.ts";
import {
  CONTROLLER_NAMESPACE, generateScenario, POLICY_MODULE, refOf, type Intent, type Labels, type Scenario,
} from "../support/matching-scenario.ts";
import { PROJECT } from "../support/project.ts";
import { adminRequest, clusterUser, realKubeApiServer, type KubeApiServerState } from "../support/real-kube-api-server.ts";
import { startRecordingWebhook, type RecordedReview, type RecordingWebhook } from "../support/recording-webhook.ts";
import { until } from "../support/until.ts";
import { generateWebhookCandidates } from "../support/webhook-candidates.ts";
import { collectionPath, itemPath } from "../support/api-paths.ts";

const SEED = Number(process.env.WARDENKIT_DIFFERENTIAL_SEED ?? 20261206);
/** The API server's client-certificate user every request is made as. */
const USER: AdmissionRequest["userInfo"] = { username: "admin", groups: ["system:masters", "system:authenticated"] };
const MERGE_PATCH = "application/merge-patch+json";
const PROBE_LABEL = "wardenkit.test/probe";
const DEBUGGER = { name: "debugger", image: "registry.example/debug:1" };
const STATUS = { conditions: [{ type: "NamespaceDeletionContentFailure", status: "False" }] };


/** How a review names its request: the same key from a step and from what the webhook recorded. */
function reviewKey(r: { operation: string; kind: string; name?: string; namespace?: string; subResource?: string }): string {
  return `${r.operation} ${r.kind} ${r.kind === "Namespace" ? "" : r.namespace ?? ""}/${r.name ?? ""} ${r.subResource ?? ""}`;
}

/** One API request, and the same request as a suite would write it for wardenkit. */
interface Step {
  description: string;
  method: string;
  path: string;
  body?: unknown;
  contentType?: string;
  review: string;
  request: AdmissionRequest;
  /** The object after the request succeeds; undefined when deleted. */
  after?: KubernetesObject;
}

const labelsOf = (object: KubernetesObject): Labels => (object.metadata?.labels ?? {}) as Labels;

function withLabels(object: KubernetesObject, labels: Labels): KubernetesObject {
  const { labels: _, ...metadata } = object.metadata ?? {};
  return { ...object, metadata: Object.keys(labels).length ? { ...metadata, labels } : metadata };
}

function update(current: KubernetesObject, after: KubernetesObject, path: string, body: unknown, subResource?: string, request?: AdmissionRequest): Step {
  const kind = subResource === "scale" ? "Scale" : current.kind!;
  return {
    description: `UPDATE ${refOf(current)}${subResource ? ` (${subResource})` : ""}`,
    method: "PATCH", path, body, contentType: MERGE_PATCH,
    review: reviewKey({ operation: "UPDATE", kind, name: current.metadata!.name, namespace: current.metadata!.namespace, subResource }),
    request: request ?? requestFor(after, { operation: "UPDATE", oldObject: current, subResource, userInfo: USER }),
    after,
  };
}

function scaleOf(deployment: KubernetesObject, replicas: number): KubernetesObject {
  const { name, namespace } = deployment.metadata!;
  return { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name, namespace }, spec: { replicas } } as KubernetesObject;
}

/** The request an intent makes of what the cluster holds now; undefined when its object is not there. */
function stepFor(intent: Intent, model: Map<string, KubernetesObject>): Step | undefined {
  if (intent.do === "create") {
    const o = intent.object;
    return {
      description: `CREATE ${refOf(o)}`, method: "POST", path: collectionPath(o), body: o,
      review: reviewKey({ operation: "CREATE", kind: o.kind!, name: o.metadata!.name, namespace: o.metadata!.namespace }),
      request: requestFor(o, { operation: "CREATE", userInfo: USER }), after: o,
    };
  }
  const current = model.get(intent.ref);
  if (!current) return undefined;
  const spec = (current as { spec?: Record<string, unknown> }).spec;
  switch (intent.do) {
    case "relabel": {
      const removed = Object.fromEntries(Object.keys(labelsOf(current)).map((k) => [k, null]));
      return update(current, withLabels(current, intent.labels), itemPath(current), { metadata: { labels: { ...removed, ...intent.labels } } });
    }
    case "ephemeral-container": {
      const after = { ...current, spec: { ...spec, ephemeralContainers: [DEBUGGER] } };
      return update(current, after, `${itemPath(current)}/ephemeralcontainers`, { spec: { ephemeralContainers: [DEBUGGER] } }, "ephemeralcontainers");
    }
    case "scale": {
      const after = { ...current, spec: { ...spec, replicas: intent.replicas } };
      const request = requestFor(scaleOf(current, intent.replicas), {
        operation: "UPDATE", oldObject: scaleOf(current, spec!.replicas as number), resource: "deployments", subResource: "scale", userInfo: USER,
      });
      return update(current, after, `${itemPath(current)}/scale`, { spec: { replicas: intent.replicas } }, "scale", request);
    }
    case "status":
      return update(current, { ...current, status: STATUS }, `${itemPath(current)}/status`, { status: STATUS }, "status");
    case "delete":
      return {
        description: `DELETE ${refOf(current)}`, method: "DELETE", path: itemPath(current),
        review: reviewKey({ operation: "DELETE", kind: current.kind!, name: current.metadata!.name, namespace: current.metadata!.namespace }),
        request: requestFor(current, { operation: "DELETE", userInfo: USER }),
      };
  }
}

type Seen = "sent" | "not sent" | "refused";

const seenBy = (outcome: MatchOutcome): Seen => ("error" in outcome ? "refused" : outcome.matches ? "sent" : "not sent");

interface Disagreement {
  request: string;
  policy: string;
  apiServer: string;
  wardenkit: string;
}

interface Tally {
  pairs: number;
  sent: number;
  requests: number;
  refused: number;
  skipped: number;
  disagreements: Disagreement[];
}

let state: KubeApiServerState;
let webhook: RecordingWebhook;
let dir: string;
let scenario: Scenario;
let policies: LoadedPolicy[];
const registered: string[] = [];

const api = (method: string, path: string, body?: unknown, contentType?: string) => adminRequest(state.url, state.dir, method, path, body, contentType);

/** Each configuration also gets a probe webhook that only sees labelled ConfigMaps: seeing one proves the configuration active. */
function withProbe(configuration: ReturnType<typeof validatingWebhookConfiguration>) {
  const name = configuration.metadata.name;
  const probe = {
    name: `probe.${name}.kubewarden.admission`,
    clientConfig: { url: `${webhook.baseUrl}/probe/${name}`, caBundle: webhook.caBundle },
    rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"], operations: ["CREATE"] }],
    objectSelector: { matchLabels: { [PROBE_LABEL]: "true" } },
    failurePolicy: "Ignore", sideEffects: "None", admissionReviewVersions: ["v1"],
  };
  return { ...configuration, webhooks: [...configuration.webhooks, probe] };
}

async function registerWebhooks(): Promise<void> {
  for (const policy of scenario.policies) {
    const configuration = withProbe(validatingWebhookConfiguration(policy, { deploymentsNamespace: CONTROLLER_NAMESPACE, baseUrl: webhook.baseUrl, caBundle: webhook.caBundle }));
    const created = await api("POST", "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", configuration);
    if (created.status !== 201) throw new Error(`cannot register ${configuration.metadata.name}: ${created.body}`);
    registered.push(configuration.metadata.name);
  }
  let probes = 0;
  let silent = registered;
  await until("every webhook configuration answering its probe", async () => {
    const name = `probe-${probes++}`;
    const created = await api("POST", `/api/v1/namespaces/${CONTROLLER_NAMESPACE}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { [PROBE_LABEL]: "true" } } });
    if (created.status !== 201) throw new Error(`cannot create probe ${name}: ${created.body}`);
    const seen = new Set(webhook.reviews.filter((r) => r.name === name).map((r) => r.webhook));
    silent = registered.filter((config) => !seen.has(`probe/${config}`));
    return silent.length === 0;
  }, 120_000).catch((err: Error) => {
    throw new Error(`${err.message}; silent: ${silent.join(", ")}; ${webhook.reviews.length} reviews recorded`);
  });
}

async function namespaceObject(name: string): Promise<KubernetesObject> {
  const read = await api("GET", `/api/v1/namespaces/${name}`);
  if (read.status !== 200) throw new Error(`cannot read namespace ${name}: ${read.body}`);
  return JSON.parse(read.body) as KubernetesObject;
}

function recordedByRequest(reviews: RecordedReview[]): Map<string, Set<string>> {
  const byRequest = new Map<string, Set<string>>();
  for (const r of reviews) {
    if (!r.webhook.startsWith("validate/")) continue;
    const key = reviewKey(r);
    if (!byRequest.has(key)) byRequest.set(key, new Set());
    byRequest.get(key)!.add(r.webhook.slice("validate/".length));
  }
  return byRequest;
}

/** What both CEL implementations word alike in a refusal: resource, name and the failing expressions, not the error's detail. */
function refusalShape(message: string): string {
  const expressions = [...message.matchAll(/expression '(.*?)' resulted in error: /g)].map((m) => m[1]);
  return `${message.split(" is forbidden: ")[0]} is forbidden: ${expressions.join(" | ")}`;
}

function describeOutcome(outcome: MatchOutcome): string {
  return "error" in outcome ? `refused: ${outcome.error}` : outcome.matches ? "sent" : `not sent: ${outcome.reason}`;
}

/** Runs every intent, then compares what each webhook recorded with wardenkit's matching. */
async function runDifferential(controllerNamespace: KubernetesObject): Promise<Tally> {
  const model = new Map<string, KubernetesObject>();
  const steps: { step: Step; outcomes: MatchOutcome[]; refusal?: string }[] = [];
  let skipped = 0;
  for (const intent of scenario.intents) {
    const step = stepFor(intent, model);
    if (!step) {
      skipped++;
      continue;
    }
    const known = [...scenario.homeNamespaces, controllerNamespace, ...[...model.values()].filter((o) => o.kind === "Namespace")];
    const namespaces = new Namespaces(known);
    const outcomes = policies.map((policy) => matchPolicy(policy, step.request, namespaces, CONTROLLER_NAMESPACE, step.description));
    const response = await api(step.method, step.path, step.body, step.contentType);
    if (response.status === 403) {
      steps.push({ step, outcomes, refusal: (JSON.parse(response.body) as { message: string }).message });
      continue;
    }
    if (response.status < 200 || response.status > 299) throw new Error(`${step.description}: ${response.status} ${response.body}`);
    const ref = intent.do === "create" ? refOf(intent.object) : intent.ref;
    if (step.after) model.set(ref, step.after);
    else model.delete(ref);
    steps.push({ step, outcomes });
  }
  const recorded = recordedByRequest(webhook.reviews);
  const tally: Tally = { pairs: 0, sent: 0, requests: steps.length, refused: 0, skipped, disagreements: [] };
  const names = policies.map((p) => p.uniqueName);
  for (const { step, outcomes, refusal } of steps) {
    const sentTo = recorded.get(step.review) ?? new Set<string>();
    if (refusal !== undefined) {
      // The API server refuses at the first webhook, in name order, whose conditions fail closed.
      tally.refused++;
      tally.pairs++;
      const first = names.map((name, i) => ({ name, outcome: outcomes[i] })).sort((a, b) => (a.name < b.name ? -1 : 1)).find((o) => "error" in o.outcome);
      const wardenkit = first && "error" in first.outcome ? conditionRefusal(step.request, first.outcome.error) : "no policy refuses";
      if (sentTo.size || refusalShape(wardenkit) !== refusalShape(refusal)) {
        tally.disagreements.push({ request: step.description, policy: first?.name ?? "(none)", apiServer: `refused: ${refusal}${sentTo.size ? `, yet sent to ${[...sentTo].join(", ")}` : ""}`, wardenkit });
      }
      continue;
    }
    outcomes.forEach((outcome, i) => {
      tally.pairs++;
      const apiServer: Seen = sentTo.has(names[i]) ? "sent" : "not sent";
      if (apiServer === "sent") tally.sent++;
      if (seenBy(outcome) !== apiServer) tally.disagreements.push({ request: step.description, policy: names[i], apiServer, wardenkit: describeOutcome(outcome) });
    });
  }
  return tally;
}

const resolver = new ModuleResolver({ aliases: { [POLICY_MODULE]: "required-labels" }, distDir: PROJECT.folders.dist });
const CANDIDATES = 60;

beforeAll(async () => {
  scenario = generateScenario(SEED);
  policies = await loadPolicySet([], scenario.policies.map((object, i) => ({ object, source: `scenario ${SEED} #${i + 1}` })), resolver);
  state = await realKubeApiServer();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-differential-"));
  webhook = await startRecordingWebhook();
  const objects = objectApi(clusterUser(state, dir).kubeConfig);
  await createNamespace(objects, CONTROLLER_NAMESPACE);
  for (const namespace of scenario.homeNamespaces) await createNamespace(objects, namespace.metadata!.name!, labelsOf(namespace));
});

afterAll(async () => {
  for (const name of registered) await api("DELETE", `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${name}`);
  await webhook?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("matching differential against the real kube-apiserver", () => {
  it("sends each request to exactly the policies wardenkit says see it", async () => {
    expect(policies.map((p) => p.uniqueName)).toEqual(scenario.policies.map(uniqueName));
    const drawn = JSON.stringify(scenario.policies);
    for (const covered of ["In", "NotIn", "Exists", "DoesNotExist"].map((op) => `"operator":"${op}"`).concat(
      ['"matchLabels"', '"allowInsideAdmissionControllerNamespace":true', '"allowInsideAdmissionControllerNamespace":false', '"matchConditions"', '"failurePolicy":"Ignore"'])) {
      expect(drawn, `the scenario has ${covered}`).toContain(covered);
    }
    await registerWebhooks();
    const tally = await runDifferential(await namespaceObject(CONTROLLER_NAMESPACE));
    console.log(`matching differential, seed ${SEED}: ${tally.pairs} (request, policy) pairs compared over ${tally.requests} requests and ${policies.length} policies ` +
      `(${tally.sent} sent, ${tally.refused} requests refused on a match condition, ${tally.skipped} skipped as their object was never created): ${tally.disagreements.length} disagreements`);
    expect(tally.disagreements).toEqual([]);
    // A comparison where nothing or everything is sent proves nothing.
    expect(tally.sent).toBeGreaterThan(0);
    expect(tally.sent).toBeLessThan(tally.pairs);
  });

  it("refuses exactly the policies whose webhooks the API server refuses to register", async () => {
    const verdicts = await Promise.all(generateWebhookCandidates(SEED, CANDIDATES).map(async (policy) => {
      const configuration = validatingWebhookConfiguration(policy, { deploymentsNamespace: CONTROLLER_NAMESPACE, baseUrl: webhook.baseUrl, caBundle: webhook.caBundle });
      const answer = await api("POST", "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations?dryRun=All", configuration);
      if (answer.status !== 201 && answer.status !== 422) throw new Error(`${policy.metadata.name}: ${answer.status} ${answer.body}`);
      const loaded = await loadPolicy(policy, "candidates", resolver).then(() => "accepted", (err: Error) => `refused: ${err.message}`);
      const apiServer = answer.status === 201 ? "accepted" : `refused: ${(JSON.parse(answer.body) as { message: string }).message}`;
      return { policy: policy.metadata.name, spec: JSON.stringify(policy.spec!.rules) + JSON.stringify(policy.spec!.matchConditions ?? []), apiServer, wardenkit: loaded };
    }));
    const refused = verdicts.filter((v) => v.apiServer !== "accepted").length;
    console.log(`webhook validation differential, seed ${SEED}: ${verdicts.length} candidate policies, ${refused} refused by the API server`);
    expect(verdicts.filter((v) => (v.apiServer === "accepted") !== (v.wardenkit === "accepted"))).toEqual([]);
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(verdicts.length);
  });
});
