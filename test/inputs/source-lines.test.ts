// The lines CI annotations point at: each object of a manifest file (documents, Lists and
// plain lists, as readObjects reads them) and each item of a case file's or suite's list.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readObjects } from "../../src/inputs/object-files.ts";
import { listItemLines, objectLines } from "../../src/inputs/source-lines.ts";

const dir = mkdtempSync(join(tmpdir(), "wardenkit-lines-"));
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe("objectLines", () => {
  it("finds each object of a multi-document stream, skipping comments and empty documents", () => {
    const stream = file("stream.yaml", [
      "# Source: shop/templates/a.yaml", // 1
      "---",
      "apiVersion: v1", // 3
      "kind: ConfigMap",
      "metadata: { name: a }",
      "---",
      "---", // an empty document
      "# a List",
      "apiVersion: v1",
      "kind: List",
      "items:",
      "  - { apiVersion: v1, kind: ConfigMap, metadata: { name: b } }", // 12
      "  - apiVersion: v1", // 13
      "    kind: ConfigMap",
      "    metadata: { name: c }",
      "---",
      "- { apiVersion: v1, kind: ConfigMap, metadata: { name: d } }", // 17
      "",
    ].join("\n"));
    expect(readObjects([stream]).map((o) => [o.object.metadata?.name, o.at])).toEqual(["a", "b", "c", "d"].map((name, index) => [name, { file: stream, index }]));
    expect(objectLines(stream)).toEqual([3, 12, 13, 17]);
  });

  it("reads JSON, and knows no lines of a file it cannot read", () => {
    expect(objectLines(file("list.json", '{\n  "kind": "List", "apiVersion": "v1",\n  "items": [\n    {"kind": "Pod", "apiVersion": "v1"}\n  ]\n}\n'))).toEqual([4]);
    expect(objectLines(file("broken.yaml", "a: [\n"))).toEqual([]);
    expect(objectLines(join(dir, "missing.yaml"))).toEqual([]);
  });
});

describe("listItemLines", () => {
  it("finds each item of a top-level list", () => {
    const cases = file("cases.yaml", "policy: p\ncases:\n  # the first\n  - name: one\n    expect: {}\n\n  - { name: two }\n");
    expect(listItemLines(cases, "cases")).toEqual([4, 7]);
    expect(listItemLines(cases, "resources")).toEqual([]);
    expect(listItemLines(join(dir, "missing.yaml"), "cases")).toEqual([]);
  });
});
