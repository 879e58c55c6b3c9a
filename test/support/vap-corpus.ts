// The VAP conformance corpus (test/vap/corpus/*.yaml): each file holds a
// ValidatingAdmissionPolicy, its binding (validationActions [Deny]), any parameter object, and
// one ConformanceCases document: a probe the policy denies (creating it until it is denied
// shows the API server has loaded the policy) and the steps (create, update, delete) to run.
// A file is placed in a namespace of its own: its objects and parameter objects go there, and
// its bindings are narrowed to that namespace, so the policies of the corpus never judge the
// objects of other tests sharing the API server.
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import { readVapInputs, type VapInputs } from "../../src/vap/read-vaps.ts";
import { PROJECT } from "./project.ts";

export const CORPUS_DIR = join(PROJECT.root, "test/vap/corpus");
const CASES_KIND = "ConformanceCases";
const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export type Step = { create: KubernetesObject } | { update: KubernetesObject } | { delete: KubernetesObject };

export interface CorpusEntry {
  name: string;
  file: string;
  namespace: string;
  /** The file's VAPs, bindings and parameter objects, placed in `namespace`. */
  inputs: VapInputs;
  /** An object the policy denies on creation, or one to create and the update the policy denies. */
  probe: KubernetesObject | { create: KubernetesObject; update: KubernetesObject };
  steps: Step[];
  /** Labels of the entry's namespace, for policies that read namespaceObject. */
  namespaceLabels?: Record<string, string>;
}

export function inNamespace<T extends KubernetesObject>(object: T, namespace: string): T {
  return { ...object, metadata: { ...object.metadata, namespace } };
}

/** The binding as the corpus applies it: only the file's namespace, and its paramRef there. */
function placeBinding(binding: VapInputs["bindings"][number], namespace: string): VapInputs["bindings"][number] {
  const spec = binding.object.spec;
  const selector = spec.matchResources?.namespaceSelector ?? {};
  const pinned = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), { key: NAMESPACE_NAME_LABEL, operator: "In", values: [namespace] }] };
  const paramRef = spec.paramRef ? { ...spec.paramRef, namespace } : undefined;
  const placed = { ...spec, matchResources: { ...spec.matchResources, namespaceSelector: pinned }, ...(paramRef ? { paramRef } : {}) };
  return { ...binding, object: { ...binding.object, spec: placed } };
}

export function readCorpusEntry(file: string): CorpusEntry {
  const name = basename(file, ".yaml");
  const namespace = `vap-${name}`.slice(0, 63).replace(/-+$/, "");
  const inputs = readVapInputs([file]);
  const cases = inputs.others.find((o) => o.object.kind === CASES_KIND);
  if (!cases) throw new Error(`${file} has no ${CASES_KIND} document`);
  const others = inputs.others.filter((o) => o !== cases).map((o) => ({ ...o, object: inNamespace(o.object, namespace) }));
  const { probe, steps, namespaceLabels } = cases.object as unknown as Pick<CorpusEntry, "probe" | "steps" | "namespaceLabels">;
  return {
    name, file, namespace, probe, steps, namespaceLabels,
    inputs: { policies: inputs.policies, bindings: inputs.bindings.map((b) => placeBinding(b, namespace)), others },
  };
}

export function readCorpus(dir = CORPUS_DIR): CorpusEntry[] {
  return readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => readCorpusEntry(join(dir, f)));
}

export function stepObject(step: Step): { operation: "CREATE" | "UPDATE" | "DELETE"; object: KubernetesObject } {
  if ("create" in step) return { operation: "CREATE", object: step.create };
  if ("update" in step) return { operation: "UPDATE", object: step.update };
  return { operation: "DELETE", object: step.delete };
}
