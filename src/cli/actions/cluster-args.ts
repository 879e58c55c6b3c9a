// What `wardenkit apply` and `wardenkit delete` make of their flags: a client for the current
// kubeconfig context, the policy documents, and whether and how long to wait.
import { PolicyClient } from "../../cluster/client.ts";
import type { WaitSettings } from "../../cluster/apply.ts";
import { loadKubeConfig } from "../../cluster/kubeconfig.ts";
import { readPolicyDocuments, type PolicyDocument } from "../../manifests/policy-documents.ts";
import { findProject } from "../../project/project.ts";
import { publishedManifestsDir } from "../../manifests/published-manifests.ts";
import type { FlagValues } from "../flags.ts";
import { CLUSTER_FLAGS, DEFAULT_WAIT_TIMEOUT } from "../commands/cluster-flags.ts";
import { parseDuration } from "../duration.ts";

const POLL_INTERVAL_MS = 1000;

export interface ClusterCommandInput {
  client: PolicyClient;
  documents: PolicyDocument[];
  /** Set when --wait (or --timeout) was given. */
  wait?: WaitSettings;
}

export function clusterInput(flags: FlagValues<typeof CLUSTER_FLAGS>, manifests: string[]): ClusterCommandInput {
  const client = new PolicyClient(loadKubeConfig());
  const documents = readPolicyDocuments(manifests.length ? manifests : [publishedManifestsDir(findProject().folders.dist)], flags.namespace ?? client.defaultNamespace);
  const timeoutMs = flags.timeout ?? parseDuration(DEFAULT_WAIT_TIMEOUT, "--timeout");
  const wait = flags.wait || flags.timeout !== undefined ? { timeoutMs, intervalMs: POLL_INTERVAL_MS } : undefined;
  return { client, documents, wait };
}
