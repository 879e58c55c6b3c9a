// The one YAML reader: a stream read in chunks gives what the whole text gives, wherever the
// chunks are cut; errors name lines of the whole stream; aliases and nesting are limited.
import { describe, expect, it } from "vitest";
import { loadAll } from "js-yaml";
import { yamlDocuments } from "../../src/io/yaml-stream.ts";
import { MAX_YAML_DEPTH, parseYaml, YamlError } from "../../src/io/yaml-on-demand.ts";
import { MAX_YAML_ALIAS_VALUES } from "../../src/io/yaml-aliases.ts";

// What a rendered chart holds: comments, implicit and explicit documents, a block scalar whose
// indented lines look like markers, a document end, directives, flow collections, anchors.
const STREAM = `# Source: shop/templates/a.yaml
apiVersion: v1
kind: ConfigMap
metadata: { name: a }
data:
  script: |
    ---
    ... not a marker: indented
  quoted: "--- also not
    a marker"
---
apiVersion: v1
kind: List
items: [{ apiVersion: v1, kind: Pod, metadata: { name: p, labels: &l { app: x } } }, { apiVersion: v1, kind: Pod, metadata: { name: q, labels: *l } }]
...
%YAML 1.2
---
apiVersion: v1
kind: Secret
metadata: { name: s }
---
---   # an empty document
`;

function chunksOf(text: string, size: number): string[] {
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
}

function values(chunks: Iterable<string>): unknown[] {
  return [...yamlDocuments(chunks)];
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected a failure");
}

describe("a YAML stream read in chunks", () => {
  const whole = loadAll(STREAM);

  it("gives the documents of the whole text, wherever the chunks are cut", () => {
    expect(whole).toHaveLength(5);
    for (let size = 1; size <= STREAM.length; size++) expect(values(chunksOf(STREAM, size)), `chunks of ${size}`).toEqual(whole);
  });

  it("names the line of an error in the whole stream, past the documents before it", () => {
    const broken = `${STREAM}---\na: 1\nb: [1,\n`;
    const lines = STREAM.split("\n").length - 1;
    for (const size of [3, 64, broken.length]) {
      const error = failure(() => values(chunksOf(broken, size)));
      expect(error).toMatch(/^is not valid YAML: unexpected end of the stream within a flow collection at line (\d+), column 1$/);
      expect(Number(/line (\d+)/.exec(error)![1])).toBe(lines + 4);
    }
  });
});

// Nine levels of nine: 9^9 values when copied out, from a 400-byte text.
const BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat(Array.from("bcdefghi", (name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`))
  .join("\n");

describe("the limits of every YAML input", () => {
  it("refuses an alias bomb without copying it out, in a stream and in one document", () => {
    expect(failure(() => values([BOMB]))).toMatch(/^is refused: its YAML aliases would add 4\d{2},\d{3},\d{3} values when copied out, more than 100,000 \(an alias bomb\)$/);
    const error = failure(() => parseYaml(BOMB));
    expect(error).toMatch(/^is refused: its YAML aliases would add/);
  });

  it("keeps aliases that add up to the limit, and refuses one more", () => {
    const list = (n: number) => `base: &b [${Array(999).fill("x").join(",")}]\nuses: [${Array(n).fill("*b").join(",")}]`;
    // Each use copies out 1,000 values (the list and its 999 items) where the alias wrote one: it adds 999.
    const within = Math.floor(MAX_YAML_ALIAS_VALUES / 999);
    expect((parseYaml(list(within)) as { uses: unknown[] }).uses).toHaveLength(within);
    expect(failure(() => parseYaml(list(within + 1)))).toMatch(/^is refused: its YAML aliases would add 100,899 values/);
  });

  it("refuses an alias inside the collection it names", () => {
    expect(failure(() => parseYaml("a: &a [1, *a]"))).toBe("is refused: its YAML aliases have no end when copied out");
  });

  it("refuses nesting deeper than its limit", () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(() => parseYaml(deep(MAX_YAML_DEPTH - 1))).not.toThrow();
    expect(failure(() => values([deep(100_000)]))).toBe(`is refused: it nests more than ${MAX_YAML_DEPTH} levels deep`);
  });

  it("reads the core schema of YAML 1.2, as Kubernetes sees values: timestamps and yes stay strings", () => {
    expect(parseYaml("at: 2024-01-02T03:04:05Z\nflag: yes\nport: 0o17\nempty: ~")).toEqual({ at: "2024-01-02T03:04:05Z", flag: "yes", port: 15, empty: null });
  });

  it("says what is wrong with a YamlError that the caller names", () => {
    const err = (() => {
      try {
        parseYaml("a: [");
      } catch (e) {
        return e as YamlError;
      }
    })()!;
    expect(err).toBeInstanceOf(YamlError);
    expect(err.about("x.yaml")).toMatch(/^x\.yaml is not valid YAML: unexpected end of the stream within a flow collection at line 2, column 1$/);
  });
});
