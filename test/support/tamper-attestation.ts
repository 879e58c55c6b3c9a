// Alters the statement of the first attestation in an `.att` manifest on the test registry
// while keeping its signature, as an attacker with push rights to the registry could.
import { createHash } from "node:crypto";
import { OCI_MANIFEST_MEDIA_TYPE } from "../../src/oci/media-types.ts";

/** Changes the version of the SBOM's second package in the first layer's envelope; throws when the registry refuses. */
export async function tamperWithStatement(registryHost: string, repository: string, tag: string): Promise<void> {
  const base = `http://${registryHost}/v2/${repository}`;
  const manifest = (await (await fetch(`${base}/manifests/${tag}`, { headers: { accept: OCI_MANIFEST_MEDIA_TYPE } })).json()) as { layers: { digest: string; size: number }[] };
  const envelope = (await (await fetch(`${base}/blobs/${manifest.layers[0].digest}`)).json()) as { payload: string };
  const statement = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"));
  statement.predicate.packages[1].versionInfo = "9.9.9";
  envelope.payload = Buffer.from(JSON.stringify(statement)).toString("base64");
  const bytes = new TextEncoder().encode(JSON.stringify(envelope));
  const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  const upload = await fetch(`${base}/blobs/uploads/`, { method: "POST" });
  const location = new URL(upload.headers.get("location")!, base);
  location.searchParams.set("digest", digest);
  const blob = await fetch(location, { method: "PUT", body: bytes, headers: { "content-type": "application/octet-stream" } });
  if (blob.status !== 201) throw new Error(`the registry refused the tampered envelope: ${blob.status}`);
  manifest.layers[0] = { ...manifest.layers[0], digest, size: bytes.length };
  const put = await fetch(`${base}/manifests/${tag}`, { method: "PUT", body: JSON.stringify(manifest), headers: { "content-type": OCI_MANIFEST_MEDIA_TYPE } });
  if (put.status !== 201) throw new Error(`the registry refused the tampered manifest: ${put.status}`);
}
