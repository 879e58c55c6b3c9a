// Arguments shared by `wardenkit apply` and `wardenkit delete`: which manifests, which
// namespace for namespaced policies, and whether and how long to wait.
import { PolicyClient } from "../cluster/client.ts";
import type { WaitSettings } from "../cluster/apply.ts";
import { loadKubeConfig } from "../cluster/kubeconfig.ts";
import { readPolicyDocuments, type PolicyDocument } from "../cluster/policy-documents.ts";
import { findProject } from "../project/project.ts";
import { parseDuration } from "./duration.ts";
import { parseFlags } from "./flags.ts";
import { publishedManifestsDir } from "../manifests/published-manifests.ts";

const DEFAULT_TIMEOUT = "120s";
const POLL_INTERVAL_MS = 1000;

export const CLUSTER_FLAGS_USAGE = "[manifests…] [-n <namespace>] [--wait] [--timeout 120s]";

export interface ClusterCommandInput {
  client: PolicyClient;
  documents: PolicyDocument[];
  /** Set when --wait (or --timeout) was given. */
  wait?: WaitSettings;
}

export function parseClusterArgs(args: string[], usage: string): ClusterCommandInput {
  const { values, positionals } = parseFlags(args, {
    namespace: { type: "string", short: "n" },
    wait: { type: "boolean" },
    timeout: { type: "string" },
  }, usage);
  const timeoutMs = parseDuration(values.timeout ?? DEFAULT_TIMEOUT, usage);
  const client = new PolicyClient(loadKubeConfig());
  const documents = readPolicyDocuments(positionals.length ? positionals : [publishedManifestsDir(findProject().folders.dist)], values.namespace ?? client.defaultNamespace);
  const wait = values.wait || values.timeout !== undefined ? { timeoutMs, intervalMs: POLL_INTERVAL_MS } : undefined;
  return { client, documents, wait };
}
