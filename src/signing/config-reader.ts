// Reads a small YAML file node by node, so that each problem names its line and field:
// `verification.yml:7: allOf[1].subject: …`. The yaml package keeps source ranges, which
// js-yaml (used for large inputs elsewhere) does not.
import type { Document, LineCounter, Node, Pair, YAMLMap } from "yaml";
import { yaml } from "../io/yaml-on-demand.ts";
import { SigningError } from "./signing-errors.ts";

export class ConfigError extends SigningError {}

export class ConfigReader {
  private constructor(
    readonly source: string,
    private readonly counter: LineCounter,
    readonly root: unknown,
  ) {}

  /** The document of a text, or a ConfigError naming the first YAML error and its line. */
  static parse(text: string, source: string): ConfigReader {
    const { LineCounter, parseDocument } = yaml();
    const counter = new LineCounter();
    const doc: Document = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
    const [first] = doc.errors;
    if (first) throw new ConfigError(`${source}:${first.linePos?.[0].line ?? 1}: not valid YAML: ${first.message.split("\n")[0]}`);
    return new ConfigReader(source, counter, doc.contents);
  }

  lineOf(node: unknown): number {
    const range = (node as Node | null)?.range;
    return range ? this.counter.linePos(range[0]).line : 1;
  }

  fail(node: unknown, path: string, problem: string): never {
    throw new ConfigError(`${this.source}:${this.lineOf(node)}: ${path ? `${path}: ` : ""}${problem}`);
  }

  /** A mapping whose keys are all among `allowed`, as policy-fetcher denies unknown fields. */
  map(node: unknown, path: string, allowed: readonly string[]): YAMLMap {
    const { isMap, isScalar } = yaml();
    if (!isMap(node)) this.fail(node, path, "must be a mapping");
    for (const pair of node.items as Pair[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !allowed.includes(key)) {
        this.fail(pair.key, path, `unknown field ${key ?? "(not a string)"}; expected ${allowed.join(", ")}`);
      }
    }
    return node;
  }

  /** The value node of a key, or undefined when the key is absent or null. */
  field(map: YAMLMap, key: string): Node | undefined {
    const { isScalar } = yaml();
    const value = map.get(key, true) as Node | undefined;
    return value === undefined || (isScalar(value) && value.value === null) ? undefined : value;
  }

  string(node: unknown, path: string): string {
    const { isScalar } = yaml();
    if (!isScalar(node) || typeof node.value !== "string") this.fail(node, path, "must be a string (quote it if it looks like a number)");
    if (node.value.trim() === "") this.fail(node, path, "must not be empty");
    return node.value;
  }

  requiredString(map: YAMLMap, key: string, path: string): string {
    const value = this.field(map, key);
    if (value === undefined) this.fail(map, path, `the field ${key} is missing`);
    return this.string(value, `${path}.${key}`);
  }

  list(node: unknown, path: string): unknown[] {
    const { isSeq } = yaml();
    if (!isSeq(node)) this.fail(node, path, "must be a list");
    if (node.items.length === 0) this.fail(node, path, "must not be empty");
    return node.items;
  }

  /** A mapping of strings to strings (annotations). */
  stringMap(node: unknown, path: string): Record<string, string> {
    const { isMap, isScalar } = yaml();
    if (!isMap(node)) this.fail(node, path, "must be a mapping of names to values");
    const entries = (node.items as Pair[]).map((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : this.fail(pair.key, path, "keys must be strings");
      return [key, this.string(pair.value, `${path}.${key}`)] as const;
    });
    return Object.fromEntries(entries);
  }
}
