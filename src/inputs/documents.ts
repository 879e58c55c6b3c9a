// Reading the inputs of an evaluation as users give them on the command line
// or in case files: JSON or YAML, inline or in a file.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CORE_SCHEMA, loadAll } from "js-yaml";
import { parseJsonOrYaml, yaml } from "../io/yaml-on-demand.ts";
import { readTextFile } from "../io/text-file.ts";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";

export class InputError extends Error {}

export function readDocument(path: string): unknown {
  const text = readTextFile(path);
  try {
    return path.endsWith(".json") ? JSON.parse(text) : yaml().parse(text);
  } catch (err) {
    throw new InputError(`${path} is not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${(err as Error).message.split("\n")[0]}`);
  }
}

/** Settings given as inline JSON/YAML text or as the path of a file. */
export function readSettings(value: string | undefined, baseDir = process.cwd()): unknown {
  if (value === undefined) return {};
  const path = resolve(baseDir, value);
  if (!value.trimStart().startsWith("{") && existsSync(path)) return readDocument(path) ?? {};
  try {
    return parseJsonOrYaml(value) ?? {};
  } catch (err) {
    throw new InputError(`settings are neither a file nor valid JSON/YAML: ${(err as Error).message.split("\n")[0]}`);
  }
}

/** Cluster objects from a multi-document YAML file, a List, or a plain list. */
export function readClusterObjects(path: string): KubernetesObject[] {
  return parseObjects(readTextFile(path), path);
}

/**
 * Kubernetes objects in YAML or JSON text: several documents, Lists and plain lists allowed.
 * Read with js-yaml, several times faster than the yaml package on large streams such as a
 * rendered chart. The core schema keeps timestamps as the strings Kubernetes sees.
 */
export function parseObjects(text: string, source: string): KubernetesObject[] {
  let docs: unknown[];
  try {
    docs = loadAll(text, undefined, { schema: CORE_SCHEMA });
  } catch (err) {
    throw new InputError(`cannot read objects from ${source}: ${(err as Error).message.split("\n")[0]}`);
  }
  return flattenObjects(docs, source);
}

export function flattenObjects(docs: unknown[], where: string): KubernetesObject[] {
  const out: KubernetesObject[] = [];
  for (const doc of docs) {
    if (doc == null) continue;
    if (Array.isArray(doc)) out.push(...flattenObjects(doc, where));
    else if (typeof doc === "object" && Array.isArray((doc as { items?: unknown }).items)) out.push(...flattenObjects((doc as { items: unknown[] }).items, where));
    else if (typeof doc === "object" && (doc as KubernetesObject).kind && (doc as KubernetesObject).apiVersion) out.push(doc as KubernetesObject);
    else throw new InputError(`${where}: every object needs apiVersion and kind`);
  }
  return out;
}
