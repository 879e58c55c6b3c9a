// A policy manifest as the text kubectl apply reads.
import { stringify } from "yaml";
import type { PolicyManifest } from "./policy-manifest.ts";

export type ManifestFormat = "yaml" | "json";

export function manifestText(manifest: PolicyManifest, format: ManifestFormat = "yaml"): string {
  if (format === "json") return `${JSON.stringify(manifest, null, 2)}\n`;
  // No line folding: long messages and module references stay on one line.
  return stringify(manifest, { lineWidth: 0 });
}
