// What the policy reads from the cluster: the pods that hold a node's or a
// namespace's capacity, and a node's instance type.
import { KubernetesResult, listResourcesAll, listResourcesByNamespace, getResource } from "@wardenkit/sdk";

export const INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";

const UNREADABLE = "the cluster could not be read to ";

/** A count of pods, or why the cluster could not be read. */
export class PodCount {
  constructor(public count: i64, public error: string | null) {}
}

/** Pods that have finished no longer hold an IP address or a slot. */
function countActive(result: KubernetesResult, what: string): PodCount {
  if (!result.ok) return new PodCount(0, UNREADABLE + "count the pods " + what + ": " + result.error);
  const items = result.items;
  let count: i64 = 0;
  for (let i = 0, n = items.length; i < n; i++) {
    const phase = items.at(i).path("status.phase");
    if (!phase.equals("Succeeded") && !phase.equals("Failed")) count++;
  }
  return new PodCount(count, null);
}

/** Counting needs only each pod's phase: hosts that honour field masks send nothing else. */
const POD_FIELDS = ["status.phase"];
const NODE_FIELDS = ["metadata.labels"];

export function podsOnNode(node: string): PodCount {
  return countActive(listResourcesAll("v1", "Pod", { fieldSelector: "spec.nodeName=" + node, fieldMasks: POD_FIELDS }), "on node " + node);
}

export function podsInNamespace(namespace: string): PodCount {
  return countActive(listResourcesByNamespace("v1", "Pod", namespace, { fieldMasks: POD_FIELDS }), "in namespace " + namespace);
}

/** The node's instance type label ("" when it has none), or why the node could not be read. */
export class NodeInstanceType {
  constructor(public name: string, public error: string | null) {}
}

export function instanceTypeOf(node: string): NodeInstanceType {
  const result = getResource("v1", "Node", node, { fieldMasks: NODE_FIELDS });
  if (!result.ok) return new NodeInstanceType("", UNREADABLE + "find node " + node + ": " + result.error);
  return new NodeInstanceType(result.value.path("metadata.labels").get(INSTANCE_TYPE_LABEL).stringOr(""), null);
}
