// A policy's cases are judged as the cluster would judge them with a manifest that says what
// the policy's metadata says: requests its rules do not send, patches it does not declare and
// reads outside its contextAwareResources each fail a case; a malformed case fails alone; and
// validate's answer to invalid settings can be written as a case. Each through real modules
// and real case files.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCaseFile } from "../../src/testing/run-cases.ts";
import type { CaseResult } from "../../src/policyset/case-result.ts";
import { withMetadata } from "../support/metadata-variant.ts";
import { PROJECT } from "../support/project.ts";

async function runCases(lines: string[]): Promise<Omit<CaseResult, "file" | "line" | "evaluation">[]> {
  const path = join(mkdtempSync(join(tmpdir(), "wardenkit-cases-")), "cases.yaml");
  writeFileSync(path, lines.join("\n") + "\n");
  return (await runCaseFile(path, PROJECT.folders.dist)).map(({ evaluation: _evaluation, file: _file, line: _line, ...rest }) => rest);
}

const POD = "{apiVersion: v1, kind: Pod, metadata: {name: web, namespace: shop}, spec: {containers: [{name: web, image: nginx}]}}";
const REFUSED_PATCH = "The policy attempted to mutate the request, but it is currently configured to not allow mutations.";

describe("a request the policy's rules would not send", () => {
  // required-labels' rules name resources "*", which takes no subresource.
  const debugCase = (expect: string) => [
    "policy: required-labels",
    "settings: {requiredLabels: [owner]}",
    "cases:",
    "  - name: kubectl debug adds a container",
    "    operation: UPDATE",
    "    subResource: ephemeralcontainers",
    `    object: ${POD}`,
    `    oldObject: ${POD}`,
    `    expect: ${expect}`,
  ];

  it("fails the case, saying the cluster would not send it and which rule is missing", async () => {
    expect(await runCases(debugCase("{allowed: false, message: missing required labels owner}"))).toEqual([{
      policy: "required-labels", name: "kubectl debug adds a container", passed: false,
      failures: ["the cluster would not send this request to required-labels: no rule matches UPDATE pods/ephemeralcontainers (v1)"],
    }]);
  });

  it("passes when the case expects exactly that, still checking what the module answers if called", async () => {
    expect((await runCases(debugCase("{sent: false, allowed: false, message: missing required labels owner}")))[0]).toMatchObject({ passed: true });
    expect((await runCases(debugCase("{sent: false}")))[0]).toMatchObject({ passed: true });
    expect((await runCases(debugCase("{sent: false, allowed: true}")))[0].failures).toEqual([
      "expected allowed=true, got allowed=false (message: Pod shop/web is missing required labels owner)",
    ]);
  });

  it("fails a case that expects sent: false of a request the rules do send", async () => {
    const [result] = await runCases(["policy: required-labels", "cases:", "  - name: a new pod", `    object: ${POD}`, "    expect: {sent: false, allowed: true}"]);
    expect(result.failures).toEqual(["expected the cluster not to send this request to required-labels, but a rule matches CREATE pods (v1)"]);
  });

  it("names the policy set's own reason for the same request in a suite and in a case", async () => {
    const suite = join(mkdtempSync(join(tmpdir(), "wardenkit-suite-")), "suite.yaml");
    writeFileSync(suite, [
      "policies:",
      "  - apiVersion: policies.kubewarden.io/v1",
      "    kind: ClusterAdmissionPolicy",
      "    metadata: {name: required-labels}",
      "    spec:",
      "      module: registry://registry.example.test/required-labels:v1",
      '      rules: [{apiGroups: ["*"], apiVersions: ["*"], resources: ["*"], operations: [CREATE, UPDATE]}]',
      "      mutating: false",
      "      settings: {requiredLabels: [owner]}",
      "modules: {registry://registry.example.test/required-labels:v1: required-labels}",
      "resources:",
      `  - {name: debug, operation: UPDATE, subResource: ephemeralcontainers, object: ${POD}, oldObject: ${POD}, results: {required-labels: fail}}`,
    ].join("\n"));
    const [suiteResult] = await runCaseFile(suite, PROJECT.folders.dist);
    const [caseResult] = await runCases(debugCase("{allowed: false}"));
    const reason = "no rule matches UPDATE pods/ephemeralcontainers (v1)";
    expect(suiteResult.failures).toEqual([`expected fail, got skip (${reason})`]);
    expect(caseResult.failures[0]).toMatch(new RegExp(`: ${reason.replace(/[()/]/g, "\\$&")}$`));
  });
});

describe("a patch from a policy whose metadata says mutating: false", () => {
  // run-as-non-root with mutate: true patches a pod that leaves runAsNonRoot unset.
  const module = withMetadata("run-as-non-root", { mutating: false }, "pod-defaults");
  const unsetPod = (expect: string) => [
    "policy: pod-defaults",
    `module: ${module}`,
    "settings: {mutate: true}",
    "cases:",
    "  - name: a pod without runAsNonRoot gets it",
    `    object: ${POD}`,
    `    expect: ${expect}`,
  ];

  it("fails the case with policy-server's refusal", async () => {
    const [result] = await runCases(unsetPod("{allowed: true, patch: [{op: add, path: /spec/securityContext, value: {runAsNonRoot: true}}]}"));
    expect(result.failures).toEqual([
      `expected allowed=true, got allowed=false (message: Request rejected by policy pod-defaults. ${REFUSED_PATCH})`,
      'expected patch [{"op":"add","path":"/spec/securityContext","value":{"runAsNonRoot":true}}], got none',
    ]);
  });

  it("is what a case may expect", async () => {
    const [result] = await runCases(unsetPod(`{allowed: false, message: "^Request rejected by policy pod-defaults\\\\. ", patch: none}`));
    expect(result).toMatchObject({ passed: true });
  });

  it("is let through when the metadata says mutating: true", async () => {
    const declared = withMetadata("run-as-non-root", { mutating: true }, "pod-defaults");
    const [result] = await runCases(unsetPod("{allowed: true, patch: [{op: add, path: /spec/securityContext, value: {runAsNonRoot: true}}]}").map((l) => l.replace(module, declared)));
    expect(result).toMatchObject({ passed: true });
  });
});

describe("a read outside the metadata's contextAwareResources", () => {
  it("is refused with Kubewarden's sentence, as policy-server refuses it", async () => {
    const module = withMetadata("pod-density", { contextAwareResources: [{ apiVersion: "v1", kind: "Pod" }] });
    const [result] = await runCases([
      `module: ${module}`,
      "policy: pod-density",
      "settings: {eniMaxPods: true}",
      `cluster: ${join(PROJECT.folders.fixtures, "pod-density", "cluster.yaml")}`,
      "cases:",
      `  - {name: a binding reads its node, request: ${join(PROJECT.folders.fixtures, "pod-density", "binding-full-node.json")}, expect: {allowed: false, message: already runs 17 pods}}`,
    ]);
    expect(result.failures).toEqual([expect.stringMatching(/^message ".*Policy has not been granted access to Kubernetes v1\/Node resources\. The violation has been reported\.".* does not match/)]);
  });
});

describe("a malformed case", () => {
  it("is a failed case with its reason, and the rest of the file runs", async () => {
    expect(await runCases([
      "policy: required-labels",
      "settings: {requiredLabels: [owner]}",
      "cases:",
      "  - {name: no object, object: null, expect: {allowed: false}}",
      "  - {name: a typo, objet: {}, expect: {allowed: true}}",
      "  - just a string",
      `  - {name: an unlabelled pod, object: ${POD}, expect: {allowed: false}}`,
    ])).toEqual([
      { policy: "required-labels", name: "no object", passed: false, failures: ["an object to review needs apiVersion and kind"] },
      { policy: "required-labels", name: "a typo", passed: false, failures: [expect.stringMatching(/^unknown keys objet \(known: name, request, object,/)] },
      { policy: "required-labels", name: "case 3", passed: false, failures: ['a case is a mapping with name, a request or object, and expect; got "just a string"'] },
      { policy: "required-labels", name: "an unlabelled pod", passed: true, failures: [] },
    ]);
  });
});

describe("validate's answer to invalid settings", () => {
  const withSettings = (expect: string) => [
    "policy: sql-claim-size",
    "cases:",
    "  - name: settings validate_settings refuses reach validate",
    "    settings: {allowedSizes: small}",
    "    object: {apiVersion: devopstoolkitseries.com/v1alpha1, kind: SQLClaim, metadata: {name: db, namespace: shop}, spec: {parameters: {size: small}}}",
    `    expect: ${expect}`,
  ];

  it("is the SDK's 400, which a case expecting code 400 checks", async () => {
    const [result] = await runCases(withSettings(`{allowed: false, code: 400, message: "^invalid settings: allowedSizes must be a list of strings, not string \\"small\\"$"}`));
    expect(result).toMatchObject({ passed: true });
  });

  it("fails any other validation case, since policy-server would not start with them", async () => {
    const [result] = await runCases(withSettings("{allowed: false}"));
    expect(result.failures).toEqual([
      "settings are invalid: allowedSizes must be a list of strings, not string \"small\" (a case of validate's answer to invalid settings expects code: 400)",
    ]);
  });
});
