// Malformed and unexpected input sent straight through the waPC boundary to
// every built policy: each gets an answer, none traps.
import { beforeAll, describe, expect, it } from "vitest";
import { GuestInstance } from "../../src/host/guest.ts";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { createHostCallHandler } from "../../src/host/capabilities/dispatcher.ts";
import type { PolicyModule } from "../../src/host/policy-module.ts";
import { wrapObject } from "../../src/host/wrap-object.ts";
import { compileGuestModule } from "../support/guest-modules.ts";
import { loadBuiltPolicy, POLICY_NAMES, validSettings } from "../support/policies.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns", labels: { app: "a" } }, spec: { containers: [{ name: "c", image: "nginx" }] } };

function validationPayload(settings: unknown): string {
  return JSON.stringify({ request: wrapObject(pod), settings });
}

function call(policy: PolicyModule, operation: string, payload: Uint8Array | string) {
  const guest = new GuestInstance(policy, createHostCallHandler());
  return guest.call(operation, typeof payload === "string" ? encode(payload) : payload);
}

const MALFORMED_VALIDATE: [string, string | Uint8Array][] = [
  ["an empty payload", ""],
  ["a top-level null", "null"],
  ["a top-level number", "42"],
  ["an array", "[]"],
  ["truncated JSON", '{"request":{"uid":"1","kind":{"gr'],
  ["a trailing comma", '{"request":{},}'],
  ["garbage after the document", '{"request":{}} x'],
  ["a bad escape", '{"request":{"uid":"\\q"}}'],
  ["a raw control character in a string", '{"request":{"uid":"a\u0001b"}}'],
  ["invalid UTF-8", Uint8Array.from([...encode('{"request":{"uid":"'), 0xff, 0xfe, ...encode('"}}')])],
  ["nesting deeper than the reader allows", "[".repeat(5000) + "]".repeat(5000)],
  ["a lone minus", '{"request":-}'],
  ["a number with a leading dot", '{"request":.5}'],
];

describe.each(POLICY_NAMES)("%s under bad input", (name) => {
  let policy: PolicyModule;
  beforeAll(async () => {
    policy = await loadBuiltPolicy(name);
  });

  it.each(MALFORMED_VALIDATE)("validate answers %s with a 400 rejection", (_what, payload) => {
    const result = call(policy, "validate", payload);
    expect(result.trapped).toBe(false);
    expect(result.ok).toBe(true);
    const answer = JSON.parse(decode(result.response));
    expect(answer).toMatchObject({ accepted: false, code: 400 });
    expect(answer.message).toMatch(/^the validation request (is not valid JSON: .+ at byte \d+|has no request object)$/);
  });

  it.each([
    ["a null request", '{"request":null,"settings":{}}'],
    ["an empty request", '{"request":{},"settings":{}}'],
    ["a request of wrong types", '{"request":{"uid":1,"kind":"Pod","operation":7,"object":"pod","namespace":[]},"settings":{}}'],
    ["a null object on CREATE", '{"request":{"uid":"1","operation":"CREATE","object":null},"settings":{}}'],
    ["settings of the wrong type", JSON.stringify({ request: wrapObject(pod), settings: [1, 2] })],
    ["null settings", JSON.stringify({ request: wrapObject(pod), settings: null })],
  ])("validate answers %s without trapping", (_what, payload) => {
    const result = call(policy, "validate", payload);
    expect(result.trapped).toBe(false);
    expect(result.ok).toBe(true);
    expect(typeof JSON.parse(decode(result.response)).accepted).toBe("boolean");
  });

  it.each([
    ["an empty payload", ""],
    ["truncated JSON", '{"a":'],
    ["an array", "[1]"],
    ["a string", '"x"'],
    ["a number", "3"],
    ["deep nesting", '{"a":' + "[".repeat(3000) + "]".repeat(3000) + "}"],
  ])("validate_settings answers %s with valid:false", (_what, payload) => {
    const result = call(policy, "validate_settings", payload);
    expect(result.trapped).toBe(false);
    const answer = JSON.parse(decode(result.response));
    expect(answer.valid).toBe(false);
    expect(answer.message).toMatch(/\S/);
  });

  it("answers protocol_version with \"v1\"", () => {
    const result = call(policy, "protocol_version", "");
    expect(decode(result.response)).toBe('"v1"');
  });

  it("answers an unknown operation with an error, not a trap", () => {
    const result = call(policy, "mutate_everything", "{}");
    expect(result).toMatchObject({ ok: false, trapped: false });
    expect(result.error).toMatch(/^unknown operation 'mutate_everything'/);
  });

  it("handles a 3 MB request", () => {
    const labels = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`label-${i}`, `value-${i}-${"x".repeat(40)}`]));
    const big = { ...pod, metadata: { ...pod.metadata, labels: { ...labels, app: "a" } } };
    const payload = JSON.stringify({ request: wrapObject(big), settings: validSettings(name) });
    expect(payload.length).toBeGreaterThan(3_000_000);
    const result = call(policy, "validate", payload);
    expect(result.trapped).toBe(false);
    expect(typeof JSON.parse(decode(result.response)).accepted).toBe("boolean");
  });

  it("keeps answering on one instance after bad input", () => {
    const guest = new GuestInstance(policy, createHostCallHandler());
    for (const [, payload] of MALFORMED_VALIDATE) guest.call("validate", typeof payload === "string" ? encode(payload) : payload);
    const result = guest.call("validate", encode(validationPayload(validSettings(name))));
    expect(result.ok).toBe(true);
    expect(guest.dead).toBe(false);
  });
});

describe("an aborting policy", () => {
  let evaluator: PolicyEvaluator;
  beforeAll(async () => {
    evaluator = new PolicyEvaluator(await compileGuestModule("abort-probe"), { reuseInstance: true });
  });

  it("reports the abort message through the log and the answer, and the instance is replaced", () => {
    const logs: string[] = [];
    const evaluation = evaluator.validate(wrapObject(pod, { operation: "CONNECT" }), {}, { onLog: (e) => logs.push(`${e.level}: ${e.message}`) });
    expect(evaluation.admission).toMatchObject({ allowed: false, status: { code: 500 } });
    expect(evaluation.admission.status?.message).toMatch(/^internal server error: Guest call failure: guest trapped \(.+\): policy aborted: connect is not expected here at test\/guest-modules\/abort-probe\.ts:\d+:\d+$/);
    expect(logs).toEqual([expect.stringMatching(/^error: policy aborted: connect is not expected here/)]);
    // The trapped instance is never reused: the next call gets a fresh one and succeeds.
    expect(evaluator.validate(wrapObject(pod), {}).admission.allowed).toBe(true);
  });
});
