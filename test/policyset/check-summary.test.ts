// check's summary line counts objects in words a person reads: one object, two objects.
import { describe, expect, it } from "vitest";
import { summaryLine } from "../../src/policyset/check-output.ts";
import { CheckTally } from "../../src/policyset/check.ts";

function tally(objects: number, denied: number): CheckTally {
  const t = new CheckTally();
  Object.assign(t, { objects, denied });
  Object.assign(t.counts, { pass: 1, skip: 2 });
  return t;
}

describe("check's summary line", () => {
  it("says object for one and objects for any other count", () => {
    expect(summaryLine(tally(1, 0))).toBe("1 object: 0 denied; 1 passed, 0 failed, 0 warned, 2 skipped");
    expect(summaryLine(tally(0, 0))).toMatch(/^0 objects: /);
    expect(summaryLine(tally(2, 1))).toMatch(/^2 objects: 1 denied; /);
  });
});
