// The pod limit of one node: fixed by maxPodsPerNode, or derived from the
// node's instance type when eniMaxPods is on.
import { Settings } from "./settings";
import { instanceTypeOf, INSTANCE_TYPE_LABEL } from "./cluster";
import { InstanceType } from "./instance-types";

export class NodeLimit {
  /**
   * `limit` 0: the node is not checked (`warning` says why). `error`: the
   * cluster could not be read. `type`: the instance type the limit comes from,
   * null for maxPodsPerNode.
   */
  constructor(
    public limit: i64, public type: InstanceType | null, public prefixDelegation: bool,
    public warning: string | null, public error: string | null,
  ) {}

  /** How the limit was derived, for a rejection message (built only then). */
  get reason(): string {
    const type = this.type;
    return type === null ? "maxPodsPerNode" : type.explain(this.prefixDelegation);
  }
}

function fixedLimit(settings: Settings): NodeLimit {
  return new NodeLimit(settings.maxPodsPerNode, null, false, null, null);
}

export function nodeLimit(node: string, settings: Settings): NodeLimit {
  if (!settings.eniMaxPods) return fixedLimit(settings);
  const found = instanceTypeOf(node);
  if (found.error !== null) return new NodeLimit(0, null, false, null, found.error);
  const type = settings.instanceType(found.name);
  if (type !== null) return new NodeLimit(type.maxPods(settings.prefixDelegation), type, settings.prefixDelegation, null, null);
  if (settings.maxPodsPerNode > 0) return fixedLimit(settings);
  const label = found.name.length > 0 ? "instance type " + found.name + ", which is not in the ENI table" : "no " + INSTANCE_TYPE_LABEL + " label";
  return new NodeLimit(0, null, false, "node " + node + " has " + label + ", so its pod count was not checked", null);
}
