// Where things begin in a user's YAML or JSON file: the lines that CI annotations point at.
// The file is read again with the yaml package, which keeps source ranges (js-yaml, which
// reads objects several times faster, keeps none), and only when a format asks for lines.
import type { LineCounter, Node } from "yaml";
import { yaml } from "../io/yaml-on-demand.ts";
import { readTextFile } from "../io/text-file.ts";

/** The documents of a file with their line counter; none for a file that cannot be read or parsed. */
function parsedFile(file: string): { nodes: unknown[]; counter: LineCounter } | undefined {
  const { LineCounter, parseAllDocuments } = yaml();
  const counter = new LineCounter();
  try {
    const docs = parseAllDocuments(readTextFile(file), { lineCounter: counter });
    if (docs.some((d) => d.errors.length > 0)) return undefined;
    return { nodes: docs.map((d) => d.contents), counter };
  } catch {
    return undefined;
  }
}

function lineOf(node: Node, counter: LineCounter): number | undefined {
  return node.range ? counter.linePos(node.range[0]).line : undefined;
}

/**
 * The line of each object of a file, in the order `readObjects` lists them: documents in
 * turn, Lists and plain lists unwrapped, empty documents skipped (as `flattenObjects` does).
 * Empty for a file the yaml package cannot read.
 */
export function objectLines(file: string): (number | undefined)[] {
  const parsed = parsedFile(file);
  if (!parsed) return [];
  const { isMap, isScalar, isSeq } = yaml();
  const lines: (number | undefined)[] = [];
  const visit = (node: unknown) => {
    if (node == null || (isScalar(node) && node.value == null)) return;
    if (isSeq(node)) return node.items.forEach(visit);
    const items = isMap(node) ? node.get("items", true) : undefined;
    if (isSeq(items)) return items.items.forEach(visit);
    lines.push(lineOf(node as Node, parsed.counter));
  };
  parsed.nodes.forEach(visit);
  return lines;
}

/** The line of each item of the list under `key` at the top of a file: a case file's cases, a suite's resources. */
export function listItemLines(file: string, key: string): (number | undefined)[] {
  const parsed = parsedFile(file);
  const { isMap, isSeq } = yaml();
  const top = parsed?.nodes[0];
  const list = isMap(top) ? top.get(key, true) : undefined;
  return isSeq(list) ? list.items.map((item) => lineOf(item as Node, parsed!.counter)) : [];
}
