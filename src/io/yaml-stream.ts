// The documents of a YAML stream (objects as `helm template` or `kustomize build` print them),
// parsed as its text is read: what is held is the documents of one chunk of text, never the
// stream. The same parser and limits as every other YAML input (yaml-on-demand.ts).
import { checkedAliases, jsYaml, loadOptions, yamlFailure } from "./yaml-on-demand.ts";

/**
 * A line that starts with --- followed by a space or the line's end: YAML forbids it inside
 * any scalar (c-forbidden in the 1.2 spec), so it always starts a document, and the text can be
 * cut before it (and its directives) without reading it as YAML.
 */
const DOCUMENT_MARKER = /\n---(?=[ \t\r\n])/g;
const MARKER_LENGTH = 4;

/** Where a document starts whose `---` is at `at`: before the directives (`%YAML 1.2`) on the lines above it. */
function beforeDirectives(text: string, at: number): number {
  while (at > 0) {
    const line = text.lastIndexOf("\n", at - 2) + 1;
    if (text[line] !== "%") break;
    at = line;
  }
  return at;
}

/** The text in runs of whole documents (js-yaml reads only whole texts): each chunk's up to its last document marker. */
function* wholeDocuments(chunks: Iterable<string>): Generator<string> {
  let held: string[] = [];
  let tail = ""; // the last characters seen: a marker may be split between two chunks
  for (const chunk of chunks) {
    const probe = tail + chunk;
    let cut = -1;
    for (const match of probe.matchAll(DOCUMENT_MARKER)) cut = match.index;
    tail = probe.slice(-MARKER_LENGTH);
    if (cut === -1) {
      held.push(chunk);
      continue;
    }
    const seen = held.join("") + chunk;
    const at = beforeDirectives(seen, seen.length - probe.length + cut + 1); // just after the newline before the marker
    yield seen.slice(0, at);
    held = [seen.slice(at)];
  }
  const rest = held.join("");
  if (rest) yield rest;
}

function lineCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/** The value of each document of the stream, in order, as its text arrives. */
export function* yamlDocuments(chunks: Iterable<string>): Generator<unknown> {
  const options = loadOptions();
  let firstLine = 0;
  for (const text of wholeDocuments(chunks)) {
    let values: unknown[];
    try {
      values = jsYaml().loadAll(text, undefined, options);
    } catch (err) {
      throw yamlFailure(err, firstLine);
    }
    for (const value of values) yield checkedAliases(value);
    firstLine += lineCount(text);
  }
}
