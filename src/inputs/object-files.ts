// Kubernetes objects named on a command line or in a suite: files, folders (their
// .yaml, .yml and .json files, recursively, in name order) or `-` for standard input,
// as `helm template` or `kustomize build` print them. They are read one object at a time,
// so a stream of any length is checked in the memory of one object.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { STDIN_NAME } from "../io/text-file.ts";
import { InputError, objectsInFile, objectsInText } from "./documents.ts";

/** Where an object was read from a file: the file, and its place among the file's objects (from 0). */
export interface FilePlace {
  file: string;
  index: number;
}

/** One object and where it was read, for messages: `deploy/app.yaml #2`. */
export interface SourcedObject {
  object: KubernetesObject;
  source: string;
  /** Read from a file (not standard input): where, so that its line can be found (source-lines.ts). */
  at?: FilePlace;
}

const OBJECT_FILE = /\.(ya?ml|json)$/;
export const STDIN = "-";

/** The object files a path stands for. */
export function objectFilesIn(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new InputError(`${path} does not exist`);
  if (!stat.isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((entry) => {
    const child = join(path, entry);
    return statSync(child).isDirectory() ? objectFilesIn(child) : OBJECT_FILE.test(entry) ? [child] : [];
  });
}

/** Each item with its place and whether there are several, which one item read ahead tells. */
export function* withPlurality<T>(items: Iterable<T>): Generator<{ item: T; index: number; several: boolean }> {
  let first: T | undefined;
  let count = 0;
  for (const item of items) {
    count++;
    if (count === 1) first = item;
    else {
      if (count === 2) yield { item: first!, index: 0, several: true };
      yield { item, index: count - 1, several: true };
    }
  }
  if (count === 1) yield { item: first!, index: 0, several: false };
}

/** The objects of one input named after it (`file #2` when it holds more than one), with their place in a file. */
function* sourced(objects: Iterable<KubernetesObject>, source: string, file?: string): Generator<SourcedObject> {
  for (const { item, index, several } of withPlurality(objects)) {
    yield { object: item, source: several ? `${source} #${index + 1}` : source, ...(file === undefined ? {} : { at: { file, index } }) };
  }
}

/** Every object of the given paths, one at a time as they are read; `stdinText` gives the text `-` stands for. */
export function* readObjects(paths: string[], stdinText?: () => Iterable<string>): Generator<SourcedObject> {
  for (const path of paths) {
    if (path !== STDIN) {
      for (const file of objectFilesIn(path)) yield* sourced(objectsInFile(file), file, file);
    } else if (stdinText) {
      yield* sourced(objectsInText(stdinText(), STDIN_NAME), STDIN_NAME);
    } else {
      throw new InputError("- (standard input) is not available here");
    }
  }
}

/** `read`'s chunks, kept as they pass so that later calls give them again: for standard input read twice. */
export function rereadable(read: () => Iterable<string>): () => Iterable<string> {
  let kept: string[] | undefined;
  return () => kept ?? (function* () {
    const chunks: string[] = [];
    for (const chunk of read()) {
      chunks.push(chunk);
      yield chunk;
    }
    kept = chunks;
  })();
}
