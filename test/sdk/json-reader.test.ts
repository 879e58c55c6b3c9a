// The SDK's JSON reader and editor, driven through a probe module.
import { beforeAll, describe, expect, it } from "vitest";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { wrapObject } from "../../src/host/wrap-object.ts";
import { compileGuestModule } from "../support/guest-modules.ts";

let probe: PolicyEvaluator;
beforeAll(async () => {
  probe = new PolicyEvaluator(await compileGuestModule("json-probe"));
});

function ask(object: Record<string, unknown>, ...queries: string[]): string[] {
  const evaluation = probe.validate(wrapObject({ apiVersion: "v1", kind: "ConfigMap", ...object }), { queries });
  expect(evaluation.error).toBeUndefined();
  return evaluation.admission.warnings ?? [];
}

describe("JSON reader", () => {
  it("reads nested values and reports missing ones as missing", () => {
    expect(ask({ data: { a: { b: "x" } } }, "string data.a.b", "type data.a.zz", "type data.a.b.c", "string data.a")).toEqual(["x", "missing", "missing", "<null>"]);
  });

  it("treats null like absent but tells them apart by type", () => {
    expect(ask({ data: { n: null } }, "type data.n", "type data.none")).toEqual(["null", "missing"]);
  });

  it("decodes escapes, unicode escapes, surrogate pairs and raw UTF-8", () => {
    const text = 'a"b\\c\n\t/é€😀';
    expect(ask({ data: { s: text } }, "string data.s")).toEqual([text]);
    expect(ask({ data: { "k\"ey": "v" } }, "keys data")).toEqual(['k"ey']);
  });

  it("matches keys that need escaping or are not ASCII", () => {
    expect(ask({ data: { "é": "accent", "a/b": "slash" } }, "string data.é", "string data.a/b")).toEqual(["accent", "slash"]);
  });

  it("reads integers and refuses fractions and numbers beyond an i64", () => {
    expect(ask({ data: { i: -42, f: 1.5, big: 123456789012345678901 } }, "int data.i", "int data.f", "int data.big")).toEqual([
      "-42", "<not integer>", "<not integer>",
    ]);
  });

  it("lists items and keys, and indexes arrays safely", () => {
    expect(ask({ data: { list: [1, "two", { three: 3 }, [4]] } }, "len data.list", "at data.list:2", "at data.list:9", "at data.list:-1", "keys data")).toEqual([
      "4", '{"three":3}', "", "", "list",
    ]);
  });

  it("compares strings without decoding and never matches other types", () => {
    expect(ask({ data: { s: "abc", n: 5 } }, "equals data.s==abc", "equals data.s==abd", "equals data.n==5")).toEqual(["yes", "no", "no"]);
  });

  it("reads booleans", () => {
    expect(ask({ data: { t: true, f: false, s: "true" } }, "bool data.t", "bool data.f", "bool data.s")).toEqual(["true", "false", "<not bool>"]);
  });
});

describe("setPath", () => {
  const base = { metadata: { name: "x" }, spec: { a: 1 } };

  function set(object: Record<string, unknown>, query: string): unknown {
    const [out] = ask(object, `set ${query}`);
    return out === "<null>" ? null : JSON.parse(out);
  }

  it("replaces an existing value and keeps every other field", () => {
    expect(set(base, "spec.a=2")).toEqual({ apiVersion: "v1", kind: "ConfigMap", ...base, spec: { a: 2 } });
  });

  it("inserts a new member into an existing object", () => {
    expect(set(base, "spec.b=true")).toMatchObject({ spec: { b: true, a: 1 } });
  });

  it("creates missing objects on the way, and replaces nulls", () => {
    expect(set(base, "spec.securityContext.runAsNonRoot=true")).toMatchObject({ spec: { a: 1, securityContext: { runAsNonRoot: true } } });
    expect(set({ spec: { sc: null } }, "spec.sc.x=1")).toMatchObject({ spec: { sc: { x: 1 } } });
  });

  it("inserts into an empty object", () => {
    expect(set({ spec: {} }, "spec.x=1")).toMatchObject({ spec: { x: 1 } });
  });

  it("refuses to go through a value that is not an object", () => {
    expect(set({ spec: { a: [1] } }, "spec.a.b=1")).toBeNull();
  });
});
