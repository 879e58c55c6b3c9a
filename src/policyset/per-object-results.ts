// The results a suite resource expects of each of its objects. `results` applies to every
// object the resource reads (all documents of a file, every file, every listed object);
// `perObject` adds or replaces, policy by policy, the results of one object, named
// `Kind/name` (any namespace) or `Kind/namespace/name`:
//
//   file: chart.yaml                      # a Deployment web and a Service web
//   results: {owner: pass}
//   perObject: {Deployment/web: {owner: fail, non-root: fail}}
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { DEFAULT_NAMESPACE, isClusterScoped } from "./requests.ts";
import { SuiteError } from "./suite-error.ts";
import type { ExpectedResult } from "./suite-file.ts";

/** By policy: its key (`name`, `namespace/name`) or `Kind key`. */
export type Results = Map<string, ExpectedResult>;

/** `Deployment/shop/web`, `Namespace/shop`: the full name an entry may give. */
function fullName(object: KubernetesObject): string {
  const { name, namespace } = object.metadata ?? {};
  return isClusterScoped(object.kind) ? `${object.kind}/${name}` : `${object.kind}/${namespace ?? DEFAULT_NAMESPACE}/${name}`;
}

function named(object: KubernetesObject, key: string): boolean {
  return fullName(object) === key || `${object.kind}/${object.metadata?.name}` === key;
}

/**
 * The results of each object, in the objects' order. An entry that names no object, or
 * several, and an object left with no results at all are errors naming the resource.
 */
export function resultsPerObject(
  objects: { object: KubernetesObject }[],
  results: Results | undefined,
  perObject: Map<string, Results>,
  where: string,
): Results[] {
  const chosen = objects.map(() => new Map(results ?? []));
  for (const [key, overrides] of perObject) {
    const indexes = objects.flatMap(({ object }, i) => (named(object, key) ? [i] : []));
    if (indexes.length === 0) {
      throw new SuiteError(`${where}: perObject names ${key}, which is no object of the resource (objects: ${objects.map(({ object }) => fullName(object)).join(", ")})`);
    }
    if (indexes.length > 1) throw new SuiteError(`${where}: perObject ${key} names ${indexes.length} objects (${indexes.map((i) => fullName(objects[i].object)).join(", ")}); write Kind/namespace/name`);
    for (const [policy, want] of overrides) chosen[indexes[0]].set(policy, want);
  }
  const bare = chosen.findIndex((r) => r.size === 0);
  if (bare >= 0) throw new SuiteError(`${where}: ${fullName(objects[bare].object)} has no results: give results (for every object) or a perObject entry`);
  return chosen;
}
