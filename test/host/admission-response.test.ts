// From a policy's answer to policy-server's AdmissionResponse: patches, monitor
// mode, the mutation rule and the custom message, in policy-server's order.
import { describe, expect, it } from "vitest";
import { toAdmissionResponse, MUTATION_OF_DELETED_OBJECT } from "../../src/host/admission-response.ts";
import { wrapObject } from "../../src/host/wrap-object.ts";

const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns" }, spec: {} };
const request = wrapObject(pod);
const patched = { ...pod, spec: { securityContext: { runAsNonRoot: true } } };
const decodePatch = (patch?: string) => JSON.parse(Buffer.from(patch!, "base64").toString());

describe("toAdmissionResponse", () => {
  it("turns a mutated object into a base64 JSONPatch", () => {
    const response = toAdmissionResponse(request, { accepted: true, mutated_object: patched });
    expect(response).toMatchObject({ uid: request.uid, allowed: true, patchType: "JSONPatch" });
    expect(decodePatch(response.patch)).toEqual([{ op: "add", path: "/spec/securityContext", value: { runAsNonRoot: true } }]);
  });

  it("sends no patch when the mutated object is unchanged", () => {
    expect(toAdmissionResponse(request, { accepted: true, mutated_object: pod })).toEqual({ uid: request.uid, allowed: true });
  });

  it("refuses a mutation of a deleted object", () => {
    const deletion = wrapObject(pod, { operation: "DELETE" });
    expect(toAdmissionResponse(deletion, { accepted: true, mutated_object: patched }).status).toEqual({ message: MUTATION_OF_DELETED_OBJECT, code: 500 });
  });

  it("in monitor mode allows, drops patch and status, keeps warnings and audit annotations", () => {
    const response = toAdmissionResponse(
      request,
      { accepted: false, message: "no", code: 403, warnings: ["w"], audit_annotations: { a: "b" } },
      { mode: "monitor", message: "custom" },
    );
    expect(response).toEqual({ uid: request.uid, allowed: true, warnings: ["w"], auditAnnotations: { a: "b" } });
  });

  it("rejects a mutation from a policy that may not mutate", () => {
    const response = toAdmissionResponse(request, { accepted: true, mutated_object: patched }, { allowedToMutate: false, policyId: "p1" });
    expect(response).toEqual({
      uid: request.uid,
      allowed: false,
      status: { message: "Request rejected by policy p1. The policy attempted to mutate the request, but it is currently configured to not allow mutations." },
    });
  });

  it("replaces a rejection's message with the custom one, keeping the policy's as a cause", () => {
    const response = toAdmissionResponse(request, { accepted: false, message: "own words", code: 400 }, { message: "ask the platform team" });
    expect(response.status).toEqual({ message: "ask the platform team", code: 400, details: { causes: [{ message: "own words" }] } });
    expect(toAdmissionResponse(request, { accepted: true }, { message: "ask the platform team" })).toEqual({ uid: request.uid, allowed: true });
  });
});
