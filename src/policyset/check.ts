// `wardenkit check`: every object of some manifests against every policy of a set, with
// the verdicts a cluster holding that set would give, one object at a time as the objects
// are read. Namespace objects among the inputs (and the cluster objects) give
// namespaceSelectors their labels.
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { ClusterState } from "../host/capabilities/cluster-state.ts";
import type { FilePlace, SourcedObject } from "../inputs/object-files.ts";
import { evaluateSet } from "./evaluate.ts";
import { readsNamespaceLabels } from "./matching.ts";
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

/** What a check found, counted as the objects are checked. */
export class CheckTally {
  objects = 0;
  /** Objects a protect-mode policy denies. */
  denied = 0;
  readonly counts: Record<Verdict["result"], number> = { pass: 0, fail: 0, skip: 0, warn: 0 };

  add(checked: CheckedObject): void {
    this.objects++;
    for (const v of checked.verdicts) this.counts[v.result]++;
    if (checked.verdicts.some((v) => v.result === "fail")) this.denied++;
  }
}

export interface CheckOptions {
  cluster?: KubernetesObject[];
  controllerNamespace?: string;
  /** Where namespaced objects that name no namespace go (`default`). */
  defaultNamespace?: string;
}

/**
 * Whether the objects are read twice: first for their Namespace objects, when a policy's
 * namespaceSelector reads labels that only those give (a Namespace may come after the objects
 * in it), then to check them.
 */
export function readsInputsTwice(policies: LoadedPolicy[]): boolean {
  return policies.some(readsNamespaceLabels);
}

/** The namespaces the cluster objects describe and, when readsInputsTwice, those `objects()` describe. */
export function knownNamespaces(policies: LoadedPolicy[], cluster: KubernetesObject[] | undefined, objects: () => Iterable<KubernetesObject>): Namespaces {
  const namespaces = new Namespaces(cluster);
  if (readsInputsTwice(policies)) for (const object of objects()) namespaces.consider(object);
  return namespaces;
}

/** The verdicts of each object, as `inputs()` reads them (called a second time when readsInputsTwice). */
export function* checkObjects(policies: LoadedPolicy[], inputs: () => Iterable<SourcedObject>, options: CheckOptions = {}): Generator<CheckedObject> {
  const namespaces = knownNamespaces(policies, options.cluster, function* () {
    for (const { object } of inputs()) yield object;
  });
  const kubernetes = options.cluster ? new ClusterState(options.cluster) : undefined;
  const context = { namespaces, capabilities: () => ({ kubernetes }), controllerNamespace: options.controllerNamespace ?? DEFAULT_CONTROLLER_NAMESPACE };
  for (const { object, source, at } of inputs()) {
    const verdicts = evaluateSet(policies, requestFor(object, { defaultNamespace: options.defaultNamespace }), context, source);
    yield { object: describeObject(object, options.defaultNamespace), source, ...(at ? { at } : {}), verdicts };
  }
}

/** Every object's verdicts kept together with the tally: for a set of objects already in memory. */
export function checkAll(policies: LoadedPolicy[], inputs: SourcedObject[], options: CheckOptions = {}): { objects: CheckedObject[]; tally: CheckTally } {
  const tally = new CheckTally();
  const objects = [...checkObjects(policies, () => inputs, options)];
  for (const checked of objects) tally.add(checked);
  return { objects, tally };
}
