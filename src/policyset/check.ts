// `wardenkit check`: every object of some manifests against every policy of a set, with
// the verdicts a cluster holding that set would give. Namespace objects among the inputs
// (and the cluster objects) give namespaceSelectors their labels.
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { ClusterState } from "../host/capabilities/cluster-state.ts";
import type { FilePlace, SourcedObject } from "../inputs/object-files.ts";
import { evaluateSet } from "./evaluate.ts";
import { Namespaces } from "./namespaces.ts";
import type { LoadedPolicy } from "./policy-set.ts";
import { describeObject, requestFor } from "./requests.ts";
import type { Verdict } from "./verdict.ts";

export const DEFAULT_CONTROLLER_NAMESPACE = "kubewarden";

export interface CheckedObject {
  object: string;
  source: string;
  /** The file it was read from and its place there; none for standard input. */
  at?: FilePlace;
  verdicts: Verdict[];
}

export interface CheckReport {
  objects: CheckedObject[];
  /** Objects a protect-mode policy denies. */
  denied: number;
  counts: Record<Verdict["result"], number>;
}

export interface CheckOptions {
  cluster?: KubernetesObject[];
  controllerNamespace?: string;
  /** Where namespaced objects that name no namespace go (`default`). */
  defaultNamespace?: string;
}

export function checkObjects(policies: LoadedPolicy[], inputs: SourcedObject[], options: CheckOptions = {}): CheckReport {
  const namespaces = new Namespaces([...(options.cluster ?? []), ...inputs.map((i) => i.object)]);
  const kubernetes = options.cluster ? new ClusterState(options.cluster) : undefined;
  const context = { namespaces, capabilities: () => ({ kubernetes }), controllerNamespace: options.controllerNamespace ?? DEFAULT_CONTROLLER_NAMESPACE };
  const counts = { pass: 0, fail: 0, skip: 0, warn: 0 };
  let denied = 0;
  const objects = inputs.map(({ object, source, at }) => {
    const verdicts = evaluateSet(policies, requestFor(object, { defaultNamespace: options.defaultNamespace }), context, source);
    for (const v of verdicts) counts[v.result]++;
    if (verdicts.some((v) => v.result === "fail")) denied++;
    return { object: describeObject(object, options.defaultNamespace), source, ...(at ? { at } : {}), verdicts };
  });
  return { objects, denied, counts };
}
