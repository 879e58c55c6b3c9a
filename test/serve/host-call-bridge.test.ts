// The bridge's bound for an evaluating thread that has no evaluation timeout over it
// (`wardenkit run --live`): a call unanswered in time is an error, and so is every later one,
// since a late answer would be taken for the next call's.
import { describe, expect, it } from "vitest";
import { bridgedSources, openBridge } from "../../src/serve/kubernetes-bridge.ts";
import type { AsyncExternalSource } from "../../src/host/capabilities/external-requests.ts";

const never = () => new Promise<unknown>(() => {});
const silent = { manifestDigest: never, ociManifest: never, ociManifestConfig: never, dnsLookupHost: never, isCertificateTrusted: never, sigstoreVerify: never } satisfies AsyncExternalSource;

describe("the host call bridge", () => {
  it("offers exactly the sources and methods the other side has", () => {
    const bridge = openBridge({ external: silent });
    expect(bridge.workerEnd.methods).toEqual({ external: Object.keys(silent) });
    expect(bridgedSources(bridge.workerEnd).kubernetes).toBeUndefined();
    bridge.close();
  });

  it("answers a call that gets no answer within waitMs with an error, and refuses the calls after it", () => {
    const bridge = openBridge({ external: silent });
    const end = { ...bridge.workerEnd, waitMs: 100 };
    const { external } = bridgedSources(end);
    expect(() => external!.dnsLookupHost("example.com")).toThrow("the live host call dnsLookupHost got no answer in 0.1 s");
    expect(() => external!.dnsLookupHost("example.com")).toThrow("the live host call sources stopped answering");
    bridge.close();
  });
});
