import { describe, expect, it } from "vitest";
import { toAdmissionRequest } from "../../src/host/admission-request.ts";

const request = {
  uid: "u", kind: { group: "", version: "v1", kind: "Pod" }, resource: { group: "", version: "v1", resource: "pods" },
  operation: "CREATE", userInfo: { username: "me" }, object: { a: 1 }, oldObject: null, namespace: "ns",
};

describe("toAdmissionRequest", () => {
  it("takes the request out of an AdmissionReview and orders fields like Kubewarden", () => {
    const out = toAdmissionRequest({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request });
    expect(Object.keys(out)).toEqual(["uid", "kind", "resource", "namespace", "operation", "userInfo", "object"]);
  });
  it("accepts a bare AdmissionRequest and omits null fields", () => {
    expect(toAdmissionRequest(request)).not.toHaveProperty("oldObject");
  });
  it("defaults a missing userInfo to {}", () => {
    const { userInfo, ...rest } = request;
    expect(toAdmissionRequest(rest).userInfo).toEqual({});
  });
  it.each([
    [null, "expected an AdmissionReview or AdmissionRequest JSON object"],
    [[], "expected an AdmissionReview or AdmissionRequest JSON object"],
    [{ kind: "AdmissionReview" }, "the AdmissionReview has no request"],
    [{ ...request, uid: 5 }, "the request has no uid"],
    [{ ...request, kind: "Pod" }, "the request has no kind object"],
    [{ ...request, resource: { group: "", version: "v1" } }, "the request's resource.resource must be a string"],
    [{ ...request, operation: "PATCH" }, "the request's operation must be one of CREATE, UPDATE, DELETE, CONNECT"],
  ])("refuses %j", (doc, message) => {
    expect(() => toAdmissionRequest(doc)).toThrow(message);
  });
});
