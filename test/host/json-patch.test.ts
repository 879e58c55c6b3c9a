import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyPatch, diff } from "../../src/host/json-patch.ts";

describe("JSON patch", () => {
  it("is empty for equal documents", () => {
    expect(diff({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
  it("adds, removes and replaces with escaped pointers", () => {
    expect(diff({ a: 1, "x/y": 1, keep: { n: 1 } }, { "x/y": 2, "t~": true, keep: { n: 1 } })).toEqual([
      { op: "remove", path: "/a" },
      { op: "replace", path: "/x~1y", value: 2 },
      { op: "add", path: "/t~0", value: true },
    ]);
  });
  it("replaces arrays whose length changed", () => {
    expect(diff({ a: [1] }, { a: [1, 2] })).toEqual([{ op: "replace", path: "/a", value: [1, 2] }]);
  });
  it("treats keys like toString and __proto__ as ordinary keys", () => {
    const before = JSON.parse('{"a":1}');
    const after = JSON.parse('{"toString":null,"__proto__":{"x":1}}');
    expect(diff(before, after)).toEqual([
      { op: "remove", path: "/a" },
      { op: "add", path: "/toString", value: null },
      { op: "add", path: "/__proto__", value: { x: 1 } },
    ]);
    expect(applyPatch(before, diff(before, after))).toEqual(after);
  });

  it("produces patches that turn one document into the other", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (before, after) => {
        const normal = (v: unknown) => JSON.parse(JSON.stringify(v));
        expect(applyPatch(normal(before), diff(normal(before), normal(after)))).toEqual(normal(after));
      }),
      { numRuns: 300 },
    );
  });
});
