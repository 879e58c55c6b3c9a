// Kubernetes objects named on a command line or in a suite: files, folders (their
// .yaml, .yml and .json files, recursively, in name order) or `-` for standard input,
// as `helm template` or `kustomize build` print them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { InputError, parseObjects } from "./documents.ts";

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

function sourced(objects: KubernetesObject[], source: string, file?: string): SourcedObject[] {
  return objects.map((object, i) => ({
    object,
    source: objects.length > 1 ? `${source} #${i + 1}` : source,
    ...(file === undefined ? {} : { at: { file, index: i } }),
  }));
}

/** Every object of the given paths; `stdinText` is what `-` stands for. */
export function readObjects(paths: string[], stdinText?: () => string): SourcedObject[] {
  const out: SourcedObject[] = [];
  for (const path of paths) {
    if (path === STDIN) {
      if (!stdinText) throw new InputError("- (standard input) is not available here");
      out.push(...sourced(parseObjects(stdinText(), "standard input"), "standard input"));
      continue;
    }
    for (const file of objectFilesIn(path)) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (err) {
        throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      out.push(...sourced(parseObjects(text, file), file, file));
    }
  }
  return out;
}
