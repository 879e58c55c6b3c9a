// A policy manifest as the text kubectl apply reads.
import { jsonText, yamlText } from "../io/data-text.ts";
import type { PolicyManifest } from "./policy-manifest.ts";

export type ManifestFormat = "yaml" | "json";

export function manifestText(manifest: PolicyManifest, format: ManifestFormat = "yaml"): string {
  return format === "json" ? jsonText(manifest) : yamlText(manifest);
}
