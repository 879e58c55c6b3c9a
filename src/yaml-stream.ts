// The documents of a YAML stream (objects as `helm template` or `kustomize build` print them),
// parsed as its text is read: what is held is one document, not the stream. The same parser and
// alias limit as every other YAML input (yaml-on-demand.ts).
import type { Document } from "yaml";
import { MAX_YAML_ALIAS_COUNT, yaml, yamlFailure } from "./yaml-on-demand.ts";

/**
 * A line that starts with --- or ... followed by a space or the line's end: YAML forbids it
 * inside any scalar (c-forbidden in the 1.2 spec), so it always ends the document before it.
 */
const DOCUMENT_MARKER = /\n(?:---|\.\.\.)(?=[ \t\r\n])/g;
const MARKER_LENGTH = 4;

/**
 * The text in runs of whole documents. The yaml lexer, handed a document in parts, scans an
 * unfinished scalar again from its start with every part, which makes a large block scalar
 * quadratic in its size; handed whole documents, it reads each character once.
 */
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
    const at = seen.length - probe.length + cut + 1; // just after the newline before the marker
    yield seen.slice(0, at);
    held = [seen.slice(at)];
  }
  const rest = held.join("");
  if (rest) yield rest;
}

/** Line numbers of offsets in the stream, keeping only the lines of the documents not yet read. */
class LineStarts {
  private starts: number[] = [];
  private forgotten = 0;

  readonly add = (offset: number): void => {
    this.starts.push(offset);
  };

  private lineIndex(offset: number): number {
    let low = 0, high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  describe(offset: number): string {
    const i = this.lineIndex(offset);
    return `line ${this.forgotten + i + 1}, column ${offset - (this.starts[i] ?? 0) + 1}`;
  }

  /** Lines before the one holding `offset` are not asked about again. */
  forgetBefore(offset: number): void {
    const i = this.lineIndex(offset);
    this.starts = this.starts.slice(i);
    this.forgotten += i;
  }
}

/** The value of each document of the stream, in order, as its text arrives. */
export function* yamlDocuments(chunks: Iterable<string>): Generator<unknown> {
  const { Composer, Parser } = yaml();
  const lines = new LineStarts();
  const parser = new Parser(lines.add);
  const composer = new Composer();
  const value = (doc: Document.Parsed): unknown => {
    const [error] = doc.errors;
    if (error) throw yamlFailure(new Error(`${error.message.split("\n")[0]} at ${lines.describe(error.pos[0])}`));
    lines.forgetBefore(doc.range[2]);
    try {
      return doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
    } catch (err) {
      throw yamlFailure(err);
    }
  };
  try {
    for (const text of wholeDocuments(chunks)) {
      for (const token of parser.parse(text, true)) for (const doc of composer.next(token)) yield value(doc);
    }
    for (const token of parser.parse("", false)) for (const doc of composer.next(token)) yield value(doc);
    for (const doc of composer.end()) yield value(doc);
  } catch (err) {
    if (err instanceof RangeError) throw yamlFailure(err); // nesting deeper than the parser's recursion
    throw err;
  }
}
