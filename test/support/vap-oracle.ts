// The API server as the oracle of the VAP conformance test: a corpus file's VAP and binding
// applied to the real kube-apiserver (which evaluates VAPs itself, no webhook involved), the
// policy waited for until it denies the file's probe, then each step made through the API and
// its answer recorded: allowed, or the denial's HTTP code, reason and the part of the message
// the policy controls (what follows "denied request: ").
import type { AdmissionRequest } from "../../src/host/admission-request.ts";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import { requestFor } from "../../src/policyset/requests.ts";
import { inNamespace, stepObject, type CorpusEntry } from "./vap-corpus.ts";
import { adminRequest, type KubeApiServerState } from "./real-kube-api-server.ts";
import { sleep } from "./until.ts";
import { collectionPath, itemPath } from "./api-paths.ts";

/** The API server's client-certificate user every request is made as. */
export const ADMIN: AdmissionRequest["userInfo"] = { username: "admin", groups: ["system:masters", "system:authenticated"] };
const ACTIVE_TIMEOUT_MS = 120_000;
const DENIED_REQUEST = " denied request: ";

/** What one request got: allowed, or a denial by the policy. */
export interface Outcome {
  allowed: boolean;
  code?: number;
  message?: string;
}

export interface Observation {
  description: string;
  request: AdmissionRequest;
  apiServer: Outcome;
}


type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: string }>;

export function apiOf(state: KubeApiServerState): Api {
  return (method, path, body) => adminRequest(state.url, state.dir, method, path, body);
}

async function must(api: Api, method: string, path: string, body?: unknown): Promise<KubernetesObject> {
  const answer = await api(method, path, body);
  if (answer.status < 200 || answer.status > 299) throw new Error(`${method} ${path}: ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body) as KubernetesObject;
}

/** The policy's denial, or an error for any other refusal (a corpus mistake, not a verdict). */
function outcomeOf(answer: { status: number; body: string }, vap: string, what: string): Outcome {
  if (answer.status >= 200 && answer.status <= 299) return { allowed: true };
  const status = JSON.parse(answer.body) as { code: number; message: string };
  const at = status.message.indexOf(DENIED_REQUEST);
  if (!status.message.includes(`ValidatingAdmissionPolicy '${vap}'`) || at < 0) throw new Error(`${what}: refused, not by ${vap}: ${answer.status} ${status.message}`);
  return { allowed: false, code: status.code, message: status.message.slice(at + DENIED_REQUEST.length) };
}

/** The API server refused the VAP itself (an expression that does not type-check): its message. */
export class VapRefused extends Error {}

/** Creates the namespace, the parameter objects, the VAP and the binding, and waits for the probe to be denied. */
export async function applyEntry(api: Api, entry: CorpusEntry): Promise<KubernetesObject> {
  const namespace = await must(api, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: entry.namespace, labels: entry.namespaceLabels ?? {} } });
  // Pods are admitted only with their namespace's default ServiceAccount, which no controller makes here.
  await must(api, "POST", `/api/v1/namespaces/${entry.namespace}/serviceaccounts`, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } });
  for (const { object } of entry.inputs.others) await must(api, "POST", collectionPath(object), object);
  for (const { object } of entry.inputs.policies) {
    const created = await api("POST", "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies", object);
    if (created.status === 422) throw new VapRefused((JSON.parse(created.body) as { message: string }).message);
    if (created.status !== 201) throw new Error(`${entry.file}: cannot create the VAP: ${created.status} ${created.body}`);
  }
  for (const { object } of entry.inputs.bindings) await must(api, "POST", "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings", object);
  await waitUntilDenied(api, entry);
  return namespace;
}

/** Makes the probe (a dry-run create, or a dry-run update of an object created for it) until the policy denies it. */
async function waitUntilDenied(api: Api, entry: CorpusEntry): Promise<void> {
  const vap = entry.inputs.policies[0].object.metadata.name;
  const { create, update } = "create" in entry.probe ? entry.probe as { create: KubernetesObject; update: KubernetesObject } : { create: entry.probe, update: undefined };
  const base = inNamespace(create, entry.namespace);
  if (update) await must(api, "POST", collectionPath(base), base);
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    let answer;
    if (update) {
      const current = await must(api, "GET", itemPath(base));
      const changed = inNamespace(update, entry.namespace);
      answer = await api("PUT", `${itemPath(base)}?dryRun=All`, { ...changed, metadata: { ...changed.metadata, resourceVersion: current.metadata!.resourceVersion } });
    } else {
      answer = await api("POST", `${collectionPath(base)}?dryRun=All`, base);
    }
    if (answer.status >= 400 && answer.body.includes(`ValidatingAdmissionPolicy '${vap}'`)) return;
    if (Date.now() > deadline) throw new Error(`${entry.file}: the API server did not deny the probe within ${ACTIVE_TIMEOUT_MS / 1000}s: ${answer.status} ${answer.body}`);
    await sleep(200);
  }
}

/** Runs every step of the entry through the API server, in order. */
export async function observeSteps(api: Api, entry: CorpusEntry): Promise<Observation[]> {
  const vap = entry.inputs.policies[0].object.metadata.name;
  const observations: Observation[] = [];
  for (const [i, step] of entry.steps.entries()) {
    const { operation, object: given } = stepObject(step);
    const object = inNamespace(given, entry.namespace);
    const description = `${entry.name} step ${i + 1}: ${operation} ${object.kind} ${object.metadata!.name}`;
    if (operation === "CREATE") {
      const answer = await api("POST", collectionPath(object), object);
      observations.push({ description, request: requestFor(object, { operation, userInfo: ADMIN }), apiServer: outcomeOf(answer, vap, description) });
      continue;
    }
    const current = await must(api, "GET", itemPath(object));
    if (operation === "UPDATE") {
      const body = { ...object, metadata: { ...object.metadata, resourceVersion: current.metadata!.resourceVersion } };
      const answer = await api("PUT", itemPath(object), body);
      observations.push({ description, request: requestFor(object, { operation, oldObject: current, userInfo: ADMIN }), apiServer: outcomeOf(answer, vap, description) });
    } else {
      const answer = await api("DELETE", itemPath(object));
      observations.push({ description, request: requestFor(current, { operation, userInfo: ADMIN }), apiServer: outcomeOf(answer, vap, description) });
    }
  }
  return observations;
}

/** Removes the binding, the VAP and the namespace (with what it holds). */
export async function removeEntry(api: Api, entry: CorpusEntry): Promise<void> {
  for (const { object } of entry.inputs.bindings) await api("DELETE", `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/${object.metadata.name}`);
  for (const { object } of entry.inputs.policies) await api("DELETE", `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${object.metadata.name}`);
  await api("DELETE", `/api/v1/namespaces/${entry.namespace}`);
}
