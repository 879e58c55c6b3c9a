// The oci/v1 manifest capabilities and net/v1/dns_lookup_host answered live: against
// the CNCF registry (docker-registry) the tests run, and the system resolver; and
// through a real guest with `wardenkit run --live`.
import { createServer, type Server, type Socket } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RepositoryClient } from "../../src/oci/client.ts";
import { OCI_INDEX_MEDIA_TYPE, OCI_MANIFEST_MEDIA_TYPE } from "../../src/oci/media-types.ts";
import { sha256Digest } from "../../src/kubewarden/digest.ts";
import { LiveExternalSource } from "../../src/host/live/live-external-source.ts";
import { imageReference } from "../../src/host/live/oci-manifests.ts";
import { freePort, startRegistry, type RunningRegistry } from "../support/registry.ts";
import { compileGuestModule } from "../support/guest-modules.ts";
import { runWardenkit } from "../support/run-command.ts";

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const CONFIG = { architecture: "amd64", os: "linux", config: { User: "1000" } };

/** Pushes a one-layer image and an index of it; returns both manifests as pushed. */
async function pushImage(registry: RunningRegistry) {
  const client = new RepositoryClient({ registry: registry.host, repository: "app/web" }, "pull,push");
  const config = bytes(CONFIG);
  const layer = new TextEncoder().encode("layer");
  await client.uploadBlob(config, sha256Digest(config));
  await client.uploadBlob(layer, sha256Digest(layer));
  const manifest = {
    schemaVersion: 2, mediaType: OCI_MANIFEST_MEDIA_TYPE,
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256Digest(config), size: config.length },
    layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: sha256Digest(layer), size: layer.length }],
  };
  const manifestDigest = await client.putManifest("1.0", bytes(manifest), OCI_MANIFEST_MEDIA_TYPE);
  const index = {
    schemaVersion: 2, mediaType: OCI_INDEX_MEDIA_TYPE,
    manifests: [{ mediaType: OCI_MANIFEST_MEDIA_TYPE, digest: manifestDigest, size: bytes(manifest).length, platform: { architecture: "amd64", os: "linux" } }],
  };
  const indexDigest = await client.putManifest("multi", bytes(index), OCI_INDEX_MEDIA_TYPE);
  return { manifest, manifestDigest, index, indexDigest };
}

describe("live OCI manifests and DNS", () => {
  let registry: RunningRegistry;
  let pushed: Awaited<ReturnType<typeof pushImage>>;
  const live = new LiveExternalSource();
  beforeAll(async () => {
    registry = await startRegistry();
    pushed = await pushImage(registry);
  });
  afterAll(() => registry?.stop());

  it("answers manifest_digest, oci_manifest and oci_manifest_config as policy-evaluator shapes them", async () => {
    const image = `${registry.host}/app/web:1.0`;
    expect(await live.manifestDigest(image)).toEqual({ digest: pushed.manifestDigest });
    expect(await live.ociManifest(image)).toEqual(pushed.manifest);
    expect(await live.ociManifestConfig(`${registry.host}/app/web@${pushed.manifestDigest}`))
      .toEqual({ manifest: pushed.manifest, digest: pushed.manifestDigest, config: CONFIG });
  });

  it("keeps an answer for a minute, as policy-evaluator does, so a moved tag is seen after that", async () => {
    const client = new RepositoryClient({ registry: registry.host, repository: "app/web" }, "pull,push");
    const image = `${registry.host}/app/web:moving`;
    await client.putManifest("moving", bytes(pushed.manifest), OCI_MANIFEST_MEDIA_TYPE);
    expect(await live.manifestDigest(image)).toEqual({ digest: pushed.manifestDigest });
    await client.putManifest("moving", bytes(pushed.index), OCI_INDEX_MEDIA_TYPE);
    expect(await live.manifestDigest(image)).toEqual({ digest: pushed.manifestDigest });
    expect(await new LiveExternalSource({ cacheTtlMs: 0 }).manifestDigest(image)).toEqual({ digest: pushed.indexDigest });
  });

  it("answers an index by its own digest and manifest, and refuses it a single config", async () => {
    const image = `${registry.host}/app/web:multi`;
    expect(await live.manifestDigest(image)).toEqual({ digest: pushed.indexDigest });
    expect(await live.ociManifest(image)).toEqual(pushed.index);
    await expect(live.ociManifestConfig(image)).rejects.toThrow(`${image} names an image index, not an image manifest`);
  });

  it("answers an unknown tag, a malformed reference and an unreachable registry with an error", async () => {
    await expect(live.manifestDigest(`${registry.host}/app/web:nope`)).rejects.toThrow(
      `tag nope of repository app/web not found on registry ${registry.host} (404)`,
    );
    await expect(live.ociManifest(`${registry.host}/App/Web`)).rejects.toThrow(/^invalid registry reference '.*App\/Web': /);
    const nobody = `127.0.0.1:${await freePort("127.0.0.1")}`;
    await expect(live.manifestDigest(`${nobody}/app/web:1.0`)).rejects.toThrow(`cannot reach the registry at ${nobody} (connection refused)`);
  });

  it("gives up on a registry that never answers, at the call's deadline", async () => {
    const held: Socket[] = [];
    const silent: Server = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const host = `127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      await expect(new LiveExternalSource({ timeoutMs: 500 }).manifestDigest(`${host}/app/web:1.0`)).rejects.toThrow(
        `the manifest digest of ${host}/app/web:1.0 took longer than 0.5 s`,
      );
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });

  it("reads a reference without a registry host as Docker Hub's, as policy-evaluator does", () => {
    expect(imageReference("busybox:1.36")).toEqual({ registry: "registry-1.docker.io", repository: "library/busybox", tag: "1.36" });
    expect(() => imageReference("Bad Ref")).toThrow("(read from 'Bad Ref', a reference without a registry host, as Docker Hub's)");
    expect(imageReference("kubewarden/policy-server")).toMatchObject({ registry: "registry-1.docker.io", repository: "kubewarden/policy-server" });
  });

  it("looks a host name up through the system resolver, and names one that does not resolve", async () => {
    expect(await live.dnsLookupHost("localhost")).toEqual({ ips: expect.arrayContaining(["127.0.0.1"]) });
    await expect(live.dnsLookupHost("no-such-host.invalid")).rejects.toThrow("cannot resolve host name 'no-such-host.invalid': no such host");
  });

  describe("wardenkit run", () => {
    const folder = mkdtempSync(join(tmpdir(), "wardenkit-live-run-"));
    const dir = () => folder;
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    let module: string;
    beforeAll(async () => {
      module = join(dir(), "probe.wasm");
      writeFileSync(module, (await compileGuestModule("host-call-probe")).bytes);
      writeFileSync(join(dir(), "request.json"), JSON.stringify({
        uid: "1", kind: { group: "", version: "v1", kind: "Pod" }, resource: { group: "", version: "v1", resource: "pods" },
        operation: "CREATE", userInfo: { username: "alice" }, object: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } },
      }));
    });
    const probe = (...extra: string[]) => runWardenkit([
      "run", module, "-r", join(dir(), "request.json"),
      "-s", JSON.stringify({ namespace: "oci", operation: "v1/manifest_digest", payload: JSON.stringify(`${registry.host}/app/web:1.0`) }),
      ...extra,
    ]);

    it("answers the guest's host call from the registry with --live", async () => {
      const result = await probe("--live");
      expect(JSON.parse(result.stdout).response.status.message).toBe(`answer: ${JSON.stringify({ digest: pushed.manifestDigest })}`);
    });

    it("without --live, answers offline: the call is not available", async () => {
      const result = await probe();
      expect(JSON.parse(result.stdout).response.status.message).toBe(
        "error: the oci/v1/manifest_digest host capability is not available to this evaluation; record it in a replay session, or answer it live (wardenkit serve, or run --live)",
      );
    });

    it("with --live, still grants only what --allowed-host-capabilities grants", async () => {
      const result = await probe("--live", "--allowed-host-capabilities", "net/*");
      expect(JSON.parse(result.stdout).response.status.message).toMatch(/^error: Policy has not been granted access to the 'oci\/v1\/manifest_digest' host capability/);
    });
  });
});
