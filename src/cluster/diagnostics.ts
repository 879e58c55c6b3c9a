// What to tell a user whose policy did not become active: its conditions, and the state of
// the policy server that should run it (the PolicyServer object and its Deployment).
import type { ObservedObject, PolicyClient } from "./client.ts";
import { conditionsOf, formatCondition, NO_STATUS, policyServerOf, policyStatusOf } from "./policy-status.ts";
import { POLICIES_API_VERSION, POLICY_SERVER_KIND } from "../kubewarden/policy-kinds.ts";
import { describePolicy } from "../manifests/policy-documents.ts";
import type { Unfinished } from "./poll.ts";

/** Namespace the Kubewarden Helm chart installs into by convention. */
export const KUBEWARDEN_NAMESPACE = "kubewarden";

const INDENT = "    ";
/** Said of a policy without status: only the Kubewarden controller writes one. */
export const NO_CONTROLLER = "no Kubewarden controller has written its status: is the controller installed and running?";

function conditionLines(observed: ObservedObject | null): string[] {
  const conditions = conditionsOf(observed);
  return conditions.length ? conditions.map((c) => INDENT + formatCondition(c)) : [`${INDENT}(no conditions reported)`];
}

/** Reads an object for a report; a failure becomes a line of the report, not an exception. */
async function readForReport(client: PolicyClient, object: Parameters<PolicyClient["get"]>[0]): Promise<ObservedObject | null | string> {
  try {
    return await client.get(object);
  } catch (err) {
    return (err as Error).message;
  }
}

function deploymentLine(deployment: ObservedObject): string {
  const status = (deployment.status ?? {}) as { replicas?: number; readyReplicas?: number; availableReplicas?: number };
  const wanted = (deployment.spec as { replicas?: number } | undefined)?.replicas ?? status.replicas ?? 0;
  return `${status.readyReplicas ?? 0}/${wanted} replicas ready, ${status.availableReplicas ?? 0} available`;
}

export async function policyServerReport(client: PolicyClient, name: string, namespace = KUBEWARDEN_NAMESPACE): Promise<string[]> {
  const lines = [`  policy server ${name}:`];
  const server = await readForReport(client, { apiVersion: POLICIES_API_VERSION, kind: POLICY_SERVER_KIND, metadata: { name } });
  if (typeof server === "string") lines.push(`${INDENT}cannot read PolicyServer ${name}: ${server}`);
  else if (!server) lines.push(`${INDENT}PolicyServer ${name} does not exist`);
  else lines.push(...conditionLines(server));

  const deploymentName = `policy-server-${name}`;
  const deployment = await readForReport(client, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: deploymentName, namespace } });
  const where = `deployment ${namespace}/${deploymentName}`;
  if (typeof deployment === "string") lines.push(`${INDENT}cannot read ${where}: ${deployment}`);
  else if (!deployment) lines.push(`${INDENT}${where} does not exist`);
  else {
    lines.push(`${INDENT}${where}: ${deploymentLine(deployment)}`);
    lines.push(...conditionsOf(deployment).map((c) => `${INDENT}  ${formatCondition(c)}`));
  }
  return lines;
}

/** The report for policies that are still not active when the wait ends. */
export async function stuckPoliciesReport(client: PolicyClient, stuck: Unfinished[], namespace = KUBEWARDEN_NAMESPACE): Promise<string[]> {
  const lines: string[] = [];
  for (const { policy, observed } of stuck) {
    lines.push(`${describePolicy(policy)} is ${policyStatusOf(observed)}:`);
    if (policyStatusOf(observed) === NO_STATUS) lines.push(`  ${NO_CONTROLLER}`);
    lines.push("  conditions:", ...conditionLines(observed));
  }
  const servers = [...new Set(stuck.map(({ policy, observed }) => policyServerOf(observed, policy.spec)))];
  for (const name of servers) lines.push(...(await policyServerReport(client, name, namespace)));
  return lines;
}
