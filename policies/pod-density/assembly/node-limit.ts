// The pod limit of one node: fixed by maxPodsPerNode, or derived from the
// node's instance type when eniMaxPods is on.
import { Settings } from "./settings";
import { instanceTypeOf, INSTANCE_TYPE_LABEL } from "./cluster";

export class NodeLimit {
  /** `limit` 0: the node is not checked (`warning` says why). `error`: the cluster could not be read. */
  constructor(public limit: i64, public reason: string, public warning: string | null, public error: string | null) {}
}

function fixedLimit(settings: Settings): NodeLimit {
  return new NodeLimit(settings.maxPodsPerNode, "maxPodsPerNode", null, null);
}

export function nodeLimit(node: string, settings: Settings): NodeLimit {
  if (!settings.eniMaxPods) return fixedLimit(settings);
  const found = instanceTypeOf(node);
  if (found.error !== null) return new NodeLimit(0, "", null, found.error);
  const type = settings.instanceType(found.name);
  if (type !== null) return new NodeLimit(type.maxPods(settings.prefixDelegation), type.explain(settings.prefixDelegation), null, null);
  if (settings.maxPodsPerNode > 0) return fixedLimit(settings);
  const label = found.name.length > 0 ? "instance type " + found.name + ", which is not in the ENI table" : "no " + INSTANCE_TYPE_LABEL + " label";
  return new NodeLimit(0, "", "node " + node + " has " + label + ", so its pod count was not checked", null);
}
