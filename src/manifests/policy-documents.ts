// Reads ClusterAdmissionPolicy / AdmissionPolicy manifests (files or folders of YAML,
// several documents per file allowed) and checks they are Kubewarden policies.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileTextChunks } from "../io/text-file.ts";
import { YamlError } from "../io/yaml-on-demand.ts";
import { yamlDocuments } from "../io/yaml-stream.ts";
import { ALL_POLICY_KINDS, isNamespacedPolicyKind, isPolicyKind, POLICIES_API_VERSION, type AnyPolicyKind } from "../kubewarden/policy-kinds.ts";

/** A policy manifest that cannot be read or is not a Kubewarden policy, phrased for the user. */
export class PolicyDocumentError extends Error {}

/** A policy object as written in a manifest. */
export interface PolicyObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface PolicyDocument {
  /** Where it was read, for messages: `dist/manifests/required-labels.yaml`. */
  source: string;
  object: PolicyObject;
}

/** `AdmissionPolicy team-a/required-labels`, `ClusterAdmissionPolicy required-labels`. */
export function describePolicy(object: PolicyObject): string {
  const { name, namespace } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ""}${name}`;
}

function yamlFilesIn(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })) throw new PolicyDocumentError(`${path} does not exist`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(path, f));
}

function checkPolicy(value: unknown, source: string): PolicyObject {
  const object = value as Partial<PolicyObject> | null;
  if (typeof object !== "object" || object === null) throw new PolicyDocumentError(`${source}: expected a Kubernetes object`);
  if (!isPolicyKind(object.kind) || object.apiVersion !== POLICIES_API_VERSION) {
    throw new PolicyDocumentError(`${source}: ${object.apiVersion ?? "?"} ${object.kind ?? "?"} is not a Kubewarden policy (expected ${POLICIES_API_VERSION} ${ALL_POLICY_KINDS.join(", ")})`);
  }
  if (typeof object.metadata?.name !== "string" || !object.metadata.name) throw new PolicyDocumentError(`${source}: the ${object.kind} has no metadata.name`);
  return object as PolicyObject;
}

/**
 * Reads every policy in `paths` (files, or folders whose *.yaml files are read). Namespaced
 * policies without a namespace get `defaultNamespace`, as kubectl apply does.
 */
export function readPolicyDocuments(paths: string[], defaultNamespace: string): PolicyDocument[] {
  const documents: PolicyDocument[] = [];
  for (const file of paths.flatMap(yamlFilesIn)) {
    try {
      for (const value of yamlDocuments(fileTextChunks(file))) {
        if (value === null || value === undefined) continue; // an empty document between separators
        const object = checkPolicy(value, file);
        if (isNamespacedPolicyKind(object.kind as AnyPolicyKind)) object.metadata.namespace ??= defaultNamespace;
        else delete object.metadata.namespace;
        documents.push({ source: file, object });
      }
    } catch (err) {
      throw err instanceof YamlError ? new PolicyDocumentError(err.about(file)) : err;
    }
  }
  if (!documents.length) throw new PolicyDocumentError(`no policies found in ${paths.join(", ")}`);
  return documents;
}
