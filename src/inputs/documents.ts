// Reading the inputs of an evaluation as users give them on the command line or in case
// files: JSON or YAML, inline or in a file, and streams of Kubernetes objects read one object
// at a time. Files are read through text-file.ts (its size limit) and YAML through
// yaml-on-demand.ts (its alias limit), as every input is.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseJsonOrYaml, parseYaml, YamlError } from "../io/yaml-on-demand.ts";
import { yamlDocuments } from "../io/yaml-stream.ts";
import { fileTextChunks, readTextFile } from "../io/text-file.ts";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";

export class InputError extends Error {}

/** A YAML failure as an InputError naming its input; any other error as it is. */
function named(err: unknown, source: string): unknown {
  return err instanceof YamlError ? new InputError(err.about(source)) : err;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${source} is not valid JSON: ${(err as Error).message.split("\n")[0]}`);
  }
}

export function readDocument(path: string): unknown {
  const text = readTextFile(path);
  if (path.endsWith(".json")) return parseJson(text, path);
  try {
    return parseYaml(text);
  } catch (err) {
    throw named(err, path);
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
    if (err instanceof YamlError) throw new InputError(`settings are neither a file nor valid JSON/YAML: the inline text ${err.message}`);
    throw err;
  }
}

/** The objects of one document: Lists and plain lists opened, an empty document skipped. */
function* objectsOf(doc: unknown, where: string): Generator<KubernetesObject> {
  if (doc == null) return;
  if (Array.isArray(doc)) for (const item of doc) yield* objectsOf(item, where);
  else if (typeof doc === "object" && Array.isArray((doc as { items?: unknown }).items)) yield* objectsOf((doc as { items: unknown[] }).items, where);
  else if (typeof doc === "object" && (doc as KubernetesObject).kind && (doc as KubernetesObject).apiVersion) yield doc as KubernetesObject;
  else throw new InputError(`${where}: every object needs apiVersion and kind`);
}

/** Kubernetes objects given as values (several documents, Lists and plain lists allowed). */
export function flattenObjects(docs: unknown[], where: string): KubernetesObject[] {
  return [...objectsOf(docs, where)];
}

/** The objects of a stream of YAML documents as its text arrives; `source` names it in messages. */
export function* objectsInText(chunks: Iterable<string>, source: string): Generator<KubernetesObject> {
  try {
    for (const doc of yamlDocuments(chunks)) yield* objectsOf(doc, source);
  } catch (err) {
    throw named(err, source);
  }
}

/** The objects of a file, one at a time as it is read: a YAML stream, or JSON (one value). */
export function objectsInFile(path: string): Iterable<KubernetesObject> {
  return path.endsWith(".json") ? objectsOf(parseJson(readTextFile(path), path), path) : objectsInText(fileTextChunks(path), path);
}

/** Cluster objects from a multi-document YAML file, a List, or a plain list: all of them, as a cluster holds them. */
export function readClusterObjects(path: string): KubernetesObject[] {
  return [...objectsInFile(path)];
}
