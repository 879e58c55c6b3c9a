import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CAPABILITIES, dispatchHostCall } from "../../src/host/capabilities/registry.ts";
import { ReplaySession } from "../../src/host/capabilities/replay.ts";
import { SessionRecorder } from "../../src/host/capabilities/recording.ts";
import { HostCapabilityAllowList } from "../../src/host/capabilities/allow-list.ts";

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const call = (path: string, payload: Uint8Array, options = {}) => {
  const slash = path.indexOf("/");
  return dispatchHostCall(options, "kubewarden", path.slice(0, slash), path.slice(slash + 1), payload);
};

/** A kwctl session answering one DNS lookup. */
const DNS_SESSION = `
- type: Exchange
  request: |
    !DNSLookupHost
    host: example.com
  response:
    type: Success
    payload: '{"ips":["192.0.2.1"]}'
`;

describe("the host capability registry", () => {
  it("holds policy-evaluator's capability tree, keyed by namespace/operation", () => {
    expect([...CAPABILITIES.keys()].sort()).toEqual([
      "crypto/v1/is_certificate_trusted",
      "kubernetes/can_i", "kubernetes/get_resource", "kubernetes/list_resources_all", "kubernetes/list_resources_by_namespace",
      "net/v1/dns_lookup_host",
      "oci/v1/manifest_digest", "oci/v1/oci_manifest", "oci/v1/oci_manifest_config", "oci/v1/verify", "oci/v2/verify",
      "tracing/log",
    ]);
  });

  it("refuses a capability with no source and no replay session, naming it", () => {
    const canI = { subject_access_review: { user: "alice", resource_attributes: { resource: "pods", verb: "get" } }, disable_cache: false };
    expect(() => call("kubernetes/can_i", json(canI))).toThrow(
      "the kubernetes/can_i host capability is not available to this evaluation; record it in a replay session, or answer it live (wardenkit serve, or run --live)",
    );
    expect(() => call("net/v1/dns_lookup_host", json("example.com"))).toThrow(/^the net\/v1\/dns_lookup_host host capability is not available/);
  });

  it("answers such a capability from a replay session, by kwctl's tag", () => {
    const replay = ReplaySession.fromText(DNS_SESSION);
    expect(JSON.parse(new TextDecoder().decode(call("net/v1/dns_lookup_host", json("example.com"), { replay })))).toEqual({ ips: ["192.0.2.1"] });
    expect(replay.remaining).toBe(0);
  });

  it("refuses a malformed payload before the replay session, which it leaves untouched", () => {
    const replay = ReplaySession.fromText(DNS_SESSION);
    expect(() => call("net/v1/dns_lookup_host", new TextEncoder().encode("{"), { replay })).toThrow(/^invalid v1\/dns_lookup_host request: /);
    expect(() => call("net/v1/dns_lookup_host", json({ host: "example.com" }), { replay })).toThrow(
      "invalid v1/dns_lookup_host request: expected a JSON string",
    );
    expect(() => call("crypto/v1/is_certificate_trusted", json("pem"), { replay })).toThrow(
      "invalid v1/is_certificate_trusted request: expected a JSON object",
    );
    expect(replay.remaining).toBe(1);
  });

  it("replays a sigstore verification under its kind's tag, v2 (internally tagged) and v1 (externally tagged) alike", () => {
    const recorded = (tag: string) => `- type: Exchange\n  request: |\n    !${tag} {image: "a:1", pub_keys: [K]}\n  response: {type: Success, payload: '{"is_trusted":true,"digest":"sha256:d"}'}\n`;
    const replay = ReplaySession.fromText(recorded("SigstorePubKeyVerify").repeat(2));
    const v2 = call("oci/v2/verify", json({ type: "SigstorePubKeyVerify", image: "a:1", pub_keys: ["K"] }), { replay });
    const v1 = call("oci/v1/verify", json({ SigstorePubKeyVerify: { image: "a:1", pub_keys: ["K"] } }), { replay });
    for (const answer of [v2, v1]) expect(JSON.parse(new TextDecoder().decode(answer))).toEqual({ is_trusted: true, digest: "sha256:d" });
    expect(() => call("oci/v2/verify", json({ type: "SigstorePubKeyVerify", image: "a:1", pub_keys: ["other"] }), { replay: ReplaySession.fromText(recorded("SigstoreKeylessVerify")) }))
      .toThrow(/recorded !SigstoreKeylessVerify .*, policy sent !SigstorePubKeyVerify .*"other"/);
  });

  it("refuses a sigstore request of no known kind", () => {
    expect(() => call("oci/v2/verify", json({ type: "Trust", image: "a:1" }))).toThrow(
      /^invalid v2\/verify request: unknown variant "Trust", expected one of SigstorePubKeyVerify, /,
    );
    expect(() => call("oci/v1/verify", json({ image: "a:1" }))).toThrow(/^invalid v1\/verify request: unknown variant "image"/);
    expect(() => call("oci/v1/verify", json({}))).toThrow("invalid v1/verify request: expected one verification kind as the only key");
  });

  it("reads a can_i body as policy-evaluator's deserializer does", () => {
    expect(() => call("kubernetes/can_i", json({ subject_access_review: {}, disable_cache: false }))).toThrow("invalid can_i request: missing field `user`");
    expect(() => call("kubernetes/can_i", json({ subject_access_review: { user: "a", resource_attributes: { resource: "pods", verb: "get" } } })))
      .toThrow("invalid can_i request: missing field `disable_cache`");
  });

  it("tells an unknown operation of a known namespace from an unknown namespace", () => {
    expect(() => call("kubernetes/delete_everything", json({}))).toThrow("unknown operation: delete_everything");
    expect(() => call("teleport/v1/beam", json({}))).toThrow("unknown namespace: teleport");
  });

  it("records every answer of the callback channel, from any capability, and only those", () => {
    const record = new SessionRecorder();
    const replay = ReplaySession.fromText(DNS_SESSION + `
- type: Exchange
  request: |
    !SigstorePubKeyVerify
    image: ghcr.io/example/app:1
    pub_keys: [K]
  response:
    type: Error
    message: no signatures found
`);
    call("tracing/log", json({ level: "info", message: "hello" }), { record });
    call("net/v1/dns_lookup_host", json("example.com"), { replay, record });
    const verify = json({ SigstorePubKeyVerify: { image: "ghcr.io/example/app:1", pub_keys: ["K"] } });
    expect(() => call("oci/v1/verify", verify, { replay, record })).toThrow(
      "Callback evaluation failure: no signatures found",
    );
    // Refused before the callback channel, as policy-evaluator refuses it: not an answer, not recorded.
    expect(() => call("net/v1/dns_lookup_host", json("example.com"), { record, hostCapabilities: HostCapabilityAllowList.parse([]) })).toThrow();
    expect(record.count).toBe(2);
    // As kwctl writes DNSLookupHost { host }: the guest's string body under its field.
    expect((parse(record.toYaml()) as Array<{ request: string }>).map((e) => e.request)).toEqual([
      "!DNSLookupHost\nhost: example.com\n", "!SigstorePubKeyVerify\nimage: ghcr.io/example/app:1\npub_keys:\n  - K\n",
    ]);

    const again = ReplaySession.fromText(record.toYaml());
    expect(new TextDecoder().decode(call("net/v1/dns_lookup_host", json("example.com"), { replay: again }))).toBe('{"ips":["192.0.2.1"]}');
    expect(() => call("oci/v1/verify", verify, { replay: again })).toThrow(
      "Callback evaluation failure: no signatures found",
    );
    expect(again.remaining).toBe(0);
  });
});
