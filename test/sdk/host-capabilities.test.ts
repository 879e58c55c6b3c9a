// The SDK's host-capability wrappers, driven through a probe module
// (test/guest-modules/host-capabilities-probe.ts) and wardenkit's host, with a
// kwctl record/replay session in place of the registry, DNS, sigstore and the
// cluster: the session checks each request the host receives against the
// recorded one, and the probe reports what the wrapper made of the answer.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { wrapObject } from "../../src/host/wrap-object.ts";
import { ReplaySession } from "../../src/host/capabilities/replay.ts";
import { HostCapabilityAllowList } from "../../src/host/capabilities/allow-list.ts";
import type { HostCapabilityOptions, ReplayRequest } from "../../src/host/capabilities/capability-entry.ts";
import { capabilityDenied, CALLBACK_FAILURE_PREFIX } from "../../src/kubewarden/host-wording.ts";
import { compileGuestModule } from "../support/guest-modules.ts";

const IMAGE = "ghcr.io/org/app:v1";

/** One recorded exchange: kwctl's tag, the request's fields (YAML flow), and the answer. */
function exchange(tag: string, fields: string, response: { payload: string } | { error: string }): string {
  const answer = "payload" in response
    ? `    type: Success\n    payload: '${response.payload}'`
    : `    type: Error\n    message: '${response.error}'`;
  return `- type: Exchange\n  request: |\n    !${tag} ${fields}\n  response:\n${answer}\n`;
}

const SESSION = [
  exchange("OciManifestDigest", `{image: "${IMAGE}"}`, { payload: '{"digest":"sha256:aaa"}' }),
  exchange("OciManifest", `{image: "${IMAGE}"}`, {
    payload: '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"digest":"sha256:b1"},{"digest":"sha256:b2"}]}',
  }),
  exchange("OciManifestAndConfig", `{image: "${IMAGE}"}`, {
    payload: '{"manifest":{"mediaType":"application/vnd.oci.image.manifest.v1+json"},"digest":"sha256:ccc","config":{"config":{"User":"1000"}}}',
  }),
  exchange("SigstorePubKeyVerify", `{image: "${IMAGE}", pub_keys: [KEY], annotations: {env: prod}}`, { payload: '{"is_trusted":true,"digest":"sha256:aaa"}' }),
  exchange("SigstorePubKeyVerify", `{image: "${IMAGE}", pub_keys: [KEY], annotations: null}`, { error: "Image verification failed: no signature matches" }),
  exchange("SigstoreKeylessVerify", `{image: "${IMAGE}", keyless: [{issuer: "https://issuer", subject: me@example.com}]}`, {
    payload: '{"is_trusted":true,"digest":"sha256:aaa"}',
  }),
  exchange("SigstoreKeylessPrefixVerify", `{image: "${IMAGE}", keyless_prefix: [{issuer: "https://issuer", url_prefix: "https://github.com/org/"}], annotations: {env: prod}}`, {
    payload: '{"is_trusted":true,"digest":"sha256:aaa"}',
  }),
  exchange("SigstoreGithubActionsVerify", `{image: "${IMAGE}", owner: org, repo: app}`, { payload: '{"is_trusted":true,"digest":"sha256:aaa"}' }),
  exchange("SigstoreCertificateVerify", `{image: "${IMAGE}", certificate: [67, 68], certificate_chain: [[65, 66]], require_rekor_bundle: false}`, {
    payload: '{"is_trusted":true,"digest":"sha256:aaa"}',
  }),
  exchange("DNSLookupHost", "{host: registry.internal}", { payload: '{"ips":["10.0.0.1","fd00::1"]}' }),
  exchange("CryptoIsCertificateTrusted", `{request: {cert: {encoding: Pem, data: [65, 66]}, cert_chain: [{encoding: Der, data: [1, 255]}], not_after: "2030-01-01T00:00:00Z"}}`, {
    payload: '{"trusted":false,"reason":"the certificate expired"}',
  }),
  exchange("CryptoIsCertificateTrusted", "{request: {cert: {encoding: Pem, data: []}, cert_chain: null, not_after: null}}", { error: "no certificate in the data" }),
  exchange("KubernetesCanI", "{subject_access_review: {groups: [devs], resource_attributes: {group: apps, name: web, namespace: shop, "
    + "resource: deployments, subresource: scale, verb: update, version: v1}, user: alice}, disable_cache: true}", { payload: '{"allowed":false,"denied":true,"reason":"RBAC: no rule"}' }),
  exchange("KubernetesCanI", "{subject_access_review: {resource_attributes: {resource: namespaces, verb: delete}, user: bob}, disable_cache: false}", { payload: '{"allowed":true}' }),
].join("");

const CALLS = [
  "digest", "manifest", "manifestAndConfig", "pubKeys", "pubKeysPlain", "keyless", "keylessPrefix", "githubActions", "certificateSignature",
  "dns", "certificate", "canI",
];

let probe: PolicyEvaluator;

/** Runs the probe's `calls`; each warning "name: result" becomes one entry. */
function run(calls: string[], capabilities: HostCapabilityOptions): Map<string, string> {
  const evaluation = probe.validate(wrapObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }), { calls }, capabilities);
  expect(evaluation.admission.allowed).toBe(true);
  const results = new Map<string, string>();
  for (const warning of evaluation.admission.warnings ?? []) {
    const colon = warning.indexOf(": ");
    results.set(warning.slice(0, colon), warning.slice(colon + 2));
  }
  return results;
}

beforeAll(async () => {
  probe = new PolicyEvaluator(await compileGuestModule("host-capabilities-probe"));
});

describe("the SDK's host capabilities, answered by a kwctl replay session", () => {
  let results: Map<string, string>;
  let received: ReplayRequest[];
  let session: ReplaySession;
  beforeAll(() => {
    session = ReplaySession.fromText(SESSION, "session.yml");
    const answer = session.answerRequest.bind(session);
    received = [];
    vi.spyOn(session, "answerRequest").mockImplementation((request) => {
      received.push(request);
      return answer(request);
    });
    results = run(CALLS, { replay: session });
  });

  it("sends each request as policy-evaluator reads it, consuming the whole session", () => {
    expect(session.remaining).toBe(0);
    expect(received.map((r) => r.tag)).toEqual([
      "OciManifestDigest", "OciManifest", "OciManifestAndConfig", "SigstorePubKeyVerify", "SigstorePubKeyVerify", "SigstoreKeylessVerify",
      "SigstoreKeylessPrefixVerify", "SigstoreGithubActionsVerify", "SigstoreCertificateVerify", "DNSLookupHost",
      "CryptoIsCertificateTrusted", "CryptoIsCertificateTrusted", "KubernetesCanI", "KubernetesCanI",
    ]);
    // Exactly these fields: none added, none left out, nulls where the host reads an absent value.
    expect(received[3].request).toStrictEqual({ image: IMAGE, pub_keys: ["KEY"], annotations: { env: "prod" } });
    expect(received[4].request).toStrictEqual({ image: IMAGE, pub_keys: ["KEY"] });
    expect(received[8].request).toStrictEqual({ image: IMAGE, certificate: [67, 68], certificate_chain: [[65, 66]], require_rekor_bundle: false });
    expect(received[11].request).toStrictEqual({ request: { cert: { encoding: "Pem", data: [] }, cert_chain: null, not_after: null } });
    expect(received[13].request).toStrictEqual({
      subject_access_review: { resource_attributes: { resource: "namespaces", verb: "delete" }, user: "bob" },
      disable_cache: false,
    });
  });

  it("reads OCI manifests, digests and configs", () => {
    expect(results.get("digest")).toBe("yes | sha256:aaa | ");
    expect(results.get("manifest")).toBe("yes | yes | 2 | ");
    expect(results.get("manifestAndConfig")).toBe("yes | application/vnd.oci.image.manifest.v1+json | sha256:ccc | 1000 | ");
  });

  it("verifies signatures of every kind, a failed verification being an error value with the host's message", () => {
    for (const name of ["pubKeys", "keyless", "keylessPrefix", "githubActions", "certificateSignature"]) {
      expect(results.get(name), name).toBe("yes | yes | sha256:aaa | ");
    }
    expect(results.get("pubKeysPlain")).toBe(`no | no |  | ${CALLBACK_FAILURE_PREFIX}Image verification failed: no signature matches`);
  });

  it("looks up hosts, checks certificates and asks for access reviews", () => {
    expect(results.get("dns")).toBe("yes | 10.0.0.1,fd00::1 | ");
    expect(results.get("certificate")).toBe(`yes | no | the certificate expired |  | no | ${CALLBACK_FAILURE_PREFIX}no certificate in the data`);
    expect(results.get("canI")).toBe("yes | no | yes | RBAC: no rule |  |  | yes | yes | no | ");
  });
});

describe("the SDK's host capabilities, refused", () => {
  it("returns the host's refusal of a capability the policy was not granted", () => {
    const results = run(["digest", "dns"], { hostCapabilities: HostCapabilityAllowList.parse(["net/*"]), replay: ReplaySession.fromText(SESSION) });
    expect(results.get("digest")).toBe(`no |  | ${capabilityDenied("oci/v1/manifest_digest")}`);
    expect(results.get("dns")).toMatch(/^no \|  \| .*recorded !OciManifestDigest/);
  });

  it("returns the host's refusal of a capability with no recording", () => {
    const results = run(["digest", "canI"], {});
    expect(results.get("digest")).toBe("no |  | the oci/v1/manifest_digest host capability is not available to this evaluation; record it in a replay session, or answer it live (wardenkit serve, or run --live)");
    expect(results.get("canI")).toBe("no | no | no |  |  | the kubernetes/can_i host capability is not available to this evaluation; record it in a replay session, or answer it live (wardenkit serve, or run --live) | no | no | no | ");
  });

  it("returns an error value when the session has no exchange left, or the answer lacks what the contract promises", () => {
    const empty = run(["manifestAndConfig"], { replay: ReplaySession.fromText("[]", "empty.yml") });
    expect(empty.get("manifestAndConfig")).toBe(`no |  |  |  | ${CALLBACK_FAILURE_PREFIX}replay session empty.yml has no exchange left for OciManifestAndConfig`);
    const partial = ReplaySession.fromText([
      exchange("OciManifestDigest", `{image: "${IMAGE}"}`, { payload: '{"sha":"aaa"}' }),
      exchange("DNSLookupHost", "{host: registry.internal}", { payload: '{"ips":[1]}' }),
    ].join(""));
    const results = run(["digest", "dns"], { replay: partial });
    expect(results.get("digest")).toBe("no |  | the host answered v1/manifest_digest without a digest");
    expect(results.get("dns")).toBe("no |  | the host answered v1/dns_lookup_host without a list of addresses");
  });
});
