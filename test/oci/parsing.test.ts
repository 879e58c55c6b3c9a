import { describe, expect, it } from "vitest";
import { formatReference, parseReference } from "../../src/oci/reference.ts";
import { redact } from "../../src/io/redact.ts";
import { isLoopback, registryBaseUrl } from "../../src/oci/transport.ts";
import { parseChallenge } from "../../src/oci/auth.ts";
import { manifestAnnotations } from "../../src/oci/artifact.ts";

const DIGEST = `sha256:${"ab".repeat(32)}`;

describe("parseReference", () => {
  it.each([
    ["registry://ghcr.io/wardenkit/policies/required-labels:v0.1.0", { registry: "ghcr.io", repository: "wardenkit/policies/required-labels", tag: "v0.1.0" }],
    ["localhost:5000/required-labels", { registry: "localhost:5000", repository: "required-labels", tag: "latest" }],
    ["[::1]:5000/a/b:v1", { registry: "[::1]:5000", repository: "a/b", tag: "v1" }],
    [`registry://127.0.0.1:5000/a@${DIGEST}`, { registry: "127.0.0.1:5000", repository: "a", tag: "latest", digest: DIGEST }],
    [`127.0.0.1:5000/a:v2@${DIGEST}`, { registry: "127.0.0.1:5000", repository: "a", tag: "v2", digest: DIGEST }],
  ])("parses %s", (text, expected) => {
    expect(parseReference(text)).toEqual(expected);
  });

  it.each([
    ["required-labels:v1", "expected host[:port]/repository[:tag]"],
    ["ghcr.io/Upper/case", "is not a repository name"],
    ["ghcr.io/a:bad tag", "is not a valid tag"],
    ["ghcr.io/a@sha256:xyz", "the digest must be sha256:"],
  ])("rejects %s", (text, why) => {
    expect(() => parseReference(text)).toThrow(why);
  });

  it("formats what it parses", () => {
    expect(formatReference(parseReference("ghcr.io/a/b"))).toBe("registry://ghcr.io/a/b:latest");
  });
});

describe("credentials in a reference", () => {
  it("are refused with the password masked, even one holding / or @", () => {
    for (const [text, shown] of [
      ["registry://bob:hunter2@ghcr.io/a/b:v1", "registry://bob:***@ghcr.io/a/b:v1"],
      ["bob:pa/ss@w0rd@ghcr.io/a/b@sha256:" + "0".repeat(64), "bob:***@ghcr.io/a/b@sha256:" + "0".repeat(64)],
      ["registry://token@ghcr.io/a", "registry://***@ghcr.io/a"],
    ]) {
      expect(() => parseReference(text)).toThrow(`invalid registry reference '${shown}': credentials do not belong in a reference`);
      expect(redact(text)).toBe(shown);
    }
    expect(redact("ghcr.io/a/b@sha256:" + "0".repeat(64))).toBe("ghcr.io/a/b@sha256:" + "0".repeat(64));
  });
});

describe("transport", () => {
  it("uses plain HTTP for loopback registries only, unless told otherwise, and HTTPS whenever a CA bundle is given", () => {
    expect(["localhost:5000", "127.0.0.1:5000", "[::1]:5000", "localhost"].every(isLoopback)).toBe(true);
    expect(registryBaseUrl("127.0.0.1:5000")).toBe("http://127.0.0.1:5000");
    expect(registryBaseUrl("ghcr.io")).toBe("https://ghcr.io");
    expect(registryBaseUrl("registry.lan:5000", { insecure: true })).toBe("http://registry.lan:5000");
    expect(registryBaseUrl("127.0.0.1:5000", { caFile: "ca.pem" })).toBe("https://127.0.0.1:5000");
    expect(isLoopback("localhost.example.com:5000")).toBe(false);
  });
});

describe("parseChallenge", () => {
  it("keeps commas inside quoted values", () => {
    expect(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"')).toEqual({
      scheme: "bearer",
      params: { realm: "https://auth.example/token", service: "registry.example", scope: "repository:a/b:pull,push" },
    });
    expect(parseChallenge('Basic realm="basic-realm"')).toEqual({ scheme: "basic", params: { realm: "basic-realm" } });
  });
});

describe("manifestAnnotations", () => {
  it("drops multi-line values, trims the rest and adds the OCI source", () => {
    expect(manifestAnnotations({ a: " x ", usage: "line 1\nline 2", "io.kubewarden.policy.source": "https://s" })).toEqual({
      a: "x",
      "io.kubewarden.policy.source": "https://s",
      "org.opencontainers.image.source": "https://s",
    });
    expect(manifestAnnotations({ "io.kubewarden.policy.source": "https://s", "org.opencontainers.image.source": "https://o" })).toEqual({
      "io.kubewarden.policy.source": "https://s",
      "org.opencontainers.image.source": "https://o",
    });
  });
});
