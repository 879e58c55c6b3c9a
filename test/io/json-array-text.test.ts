// Results written one at a time are exactly the JSON the whole array would be.
import { describe, expect, it } from "vitest";
import { JsonArrayText } from "../../src/io/json-array-text.ts";

function written(items: unknown[], depth: number): string {
  const array = new JsonArrayText(depth);
  return items.map((item) => array.item(item)).join("") + array.end();
}

describe("JsonArrayText", () => {
  it.each([[[]], [[1]], [[{ a: [1, { b: "x" }] }, "two", null, []]]])("writes %j as JSON.stringify(array, null, 2) does", (items) => {
    expect(written(items, 0)).toBe(JSON.stringify(items, null, 2));
    expect(`{\n  "objects": ${written(items, 1)},\n  "n": 1\n}`).toBe(JSON.stringify({ objects: items, n: 1 }, null, 2));
  });
});
