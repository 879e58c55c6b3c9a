// policies.yml parsing, without servers (denial Events: denial-events.test.ts).
import { describe, expect, it } from "vitest";
import { parseServeConfig } from "../../src/serve/config.ts";

describe("policies.yml", () => {
  it("reads the standalone policy-server shape with its defaults", () => {
    const config = parseServeConfig([
      "psp:",
      "  module: registry://ghcr.io/kubewarden/policies/psp:v1.0.0",
      "  policyMode: monitor",
      "  allowedToMutate: true",
      "  settings: { a: 1 }",
      "  contextAwareResources: [{ apiVersion: v1, kind: Namespace }]",
      "plain:",
      "  module: dist/required-labels.wasm",
    ].join("\n"), "/base");
    expect(config.problems).toEqual([]);
    expect(config.policies[0]).toMatchObject({
      id: "psp", mode: "monitor", allowedToMutate: true, settings: { a: 1 }, contextAwareResources: [{ apiVersion: "v1", kind: "Namespace" }],
    });
    expect(config.policies[1]).toMatchObject({ id: "plain", mode: "protect", allowedToMutate: false, settings: {}, contextAwareResources: [], baseDir: "/base" });
  });

  it("reports a broken entry on its own and keeps the others", () => {
    const config = parseServeConfig("good: { module: a.wasm }\nbad: { module: b.wasm, policyMode: strict }\ngroup: { policies: {}, expression: 'true' }\nBad_Id: { module: c.wasm }", "/");
    expect(config.policies.map((p) => p.id)).toEqual(["good"]);
    expect(config.problems).toEqual([
      { id: "bad", error: "policies.yml: `policyMode` must be protect or monitor" },
      { id: "group", error: "policies.yml: policy groups are not supported by wardenkit serve" },
      { id: "Bad_Id", error: "policies.yml: a policy id must be lower-case letters, digits, '-' or '.'" },
    ]);
  });

  it("reads hostCapabilities: absent denies all, as a stand-alone policy-server does", () => {
    const config = parseServeConfig([
      "none: { module: a.wasm }",
      "empty: { module: a.wasm, hostCapabilities: [] }",
      "all: { module: a.wasm, hostCapabilities: ['*'] }",
      "some: { module: a.wasm, hostCapabilities: ['kubernetes/*', 'oci/v2/verify'] }",
      "bad: { module: a.wasm, hostCapabilities: ['kube*'] }",
      "scalar: { module: a.wasm, hostCapabilities: '*' }",
    ].join("\n"), "/");
    expect(Object.fromEntries(config.policies.map((p) => [p.id, p.hostCapabilities]))).toEqual({
      none: [], empty: [], all: ["*"], some: ["kubernetes/*", "oci/v2/verify"],
    });
    expect(config.problems).toEqual([
      { id: "bad", error: 'policies.yml: hostCapabilities pattern "kube*" is invalid: a wildcard must be a whole last segment, as in "oci/*"' },
      { id: "scalar", error: 'policies.yml: hostCapabilities must be a list of patterns such as "*", "kubernetes/*" or "oci/v2/verify"' },
    ]);
  });

  it("refuses a file that is not a mapping of policies", () => {
    expect(() => parseServeConfig("- a\n- b", "/")).toThrow("policies.yml must map policy ids to policies");
    expect(() => parseServeConfig("a: [", "/")).toThrow(/^policies.yml is not valid YAML/);
  });
});
