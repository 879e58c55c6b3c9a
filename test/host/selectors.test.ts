import { describe, expect, it } from "vitest";
import { matchesFieldSelector, matchesLabelSelector } from "../../src/host/capabilities/selectors.ts";

describe("label selectors", () => {
  const labels = { app: "web", tier: "front" };
  it.each([
    ["", true], ["app=web", true], ["app==web", true], ["app!=web", false], ["app=web,tier=front", true],
    ["app=web,tier=back", false], ["app", true], ["!app", false], ["missing", false], ["!missing", true],
    ["tier in (front,back)", true], ["tier notin (front)", false], ["missing!=x", true],
  ])("%s → %s", (selector, expected) => {
    expect(matchesLabelSelector(selector, labels)).toBe(expected);
  });
  it("treats keys like toString as ordinary label keys", () => {
    expect(matchesLabelSelector("toString", labels)).toBe(false);
    expect(matchesLabelSelector("!constructor", labels)).toBe(true);
  });
  it("treats absent labels as an empty map", () => {
    expect(matchesLabelSelector("app!=web", undefined)).toBe(true);
  });
});

describe("field selectors", () => {
  const pod = { metadata: { name: "p", namespace: "ns" }, spec: { nodeName: "node-1" }, status: { phase: "Running" } };
  it.each([
    ["spec.nodeName=node-1", true], ["spec.nodeName==node-1", true], ["spec.nodeName!=node-1", false],
    ["spec.nodeName=node-1,status.phase!=Succeeded", true], ["metadata.namespace=other", false], ["spec.missing=", true],
  ])("%s → %s", (selector, expected) => {
    expect(matchesFieldSelector(selector, pod)).toBe(expected);
  });
  it("refuses a term without an operator", () => {
    expect(() => matchesFieldSelector("spec.nodeName", pod)).toThrow("invalid field selector term 'spec.nodeName'");
  });
});
