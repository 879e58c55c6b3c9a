// The human-readable form of an InspectReport, in the spirit of `kwctl inspect`.
import { stringify } from "yaml";
import type { InspectReport } from "./inspect.ts";
import { USAGE_ANNOTATION } from "./inspect.ts";

function section(title: string, body: string): string[] {
  return ["", title, "-".repeat(title.length), body.trimEnd()];
}

export function formatInspectText(report: InspectReport): string {
  const details = [
    ["source", report.source],
    ["digest", report.digest],
    ["size", `${report.size} bytes`],
    ...(report.manifestDigest ? [["manifest", report.manifestDigest]] : []),
  ];
  const meta = report.metadata;
  if (!meta) {
    details.push(["metadata", "none (not annotated for Kubewarden)"]);
  } else {
    const title = meta.annotations?.["io.kubewarden.policy.title"];
    if (title) details.push(["title", title]);
    details.push(
      ["protocol", meta.protocolVersion],
      ["execution mode", meta.executionMode],
      ["mutating", String(meta.mutating)],
      ["background audit", String(meta.backgroundAudit)],
      ["context aware", meta.contextAwareResources?.length ? "yes" : "no"],
    );
  }
  const width = Math.max(...details.map(([k]) => k.length)) + 2;
  const lines = ["Details", "-------", ...details.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`)];
  if (meta) {
    const annotations = Object.entries(meta.annotations ?? {}).filter(([k]) => k !== USAGE_ANNOTATION);
    if (annotations.length) lines.push(...section("Annotations", annotations.map(([k, v]) => `${k}: ${v}`).join("\n")));
    lines.push(...section("Rules", stringify(meta.rules ?? [])));
    if (meta.contextAwareResources?.length) lines.push(...section("Context aware resources", stringify(meta.contextAwareResources)));
  }
  if (report.usage) lines.push(...section("Usage", report.usage));
  return lines.join("\n");
}
