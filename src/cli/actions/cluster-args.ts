// What `wardenkit apply` and `wardenkit delete` make of their flags: a client for the current
// kubeconfig context, the policy documents, and whether and how long to wait.
import { existsSync } from "node:fs";
import { PolicyClient } from "../../cluster/client.ts";
import type { WaitSettings } from "../../cluster/apply.ts";
import { loadKubeConfig } from "../../cluster/kubeconfig.ts";
import { readPolicyDocuments, type PolicyDocument } from "../../manifests/policy-documents.ts";
import { findProject } from "../../project/project.ts";
import { publishedManifestsDir } from "../../manifests/published-manifests.ts";
import type { FlagValues } from "../flags.ts";
import { CLUSTER_FLAGS, DEFAULT_WAIT_TIMEOUT } from "../commands/cluster-flags.ts";
import { parseDuration } from "../duration.ts";
import { CliError } from "../errors.ts";

const POLL_INTERVAL_MS = 1000;

export interface ClusterCommandInput {
  client: PolicyClient;
  documents: PolicyDocument[];
  /** Set when --wait (or --timeout) was given. */
  wait?: WaitSettings;
}

/** --kubeconfig names one file, which must be there (KUBECONFIG may list several). */
function requireFile(path: string): string {
  if (!existsSync(path)) throw new CliError(`--kubeconfig ${path}: no such file`);
  return path;
}

export function clusterInput(flags: FlagValues<typeof CLUSTER_FLAGS>, manifests: string[]): ClusterCommandInput {
  const client = new PolicyClient(flags.kubeconfig === undefined ? loadKubeConfig() : loadKubeConfig({ KUBECONFIG: requireFile(flags.kubeconfig) }));
  const documents = readPolicyDocuments(manifests.length ? manifests : [publishedManifestsDir(findProject().folders.dist)], flags.namespace ?? client.defaultNamespace);
  const timeoutMs = flags.timeout ?? parseDuration(DEFAULT_WAIT_TIMEOUT, "--timeout");
  const wait = flags.wait || flags.timeout !== undefined ? { timeoutMs, intervalMs: POLL_INTERVAL_MS } : undefined;
  return { client, documents, wait };
}
