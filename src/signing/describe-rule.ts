// A rule as messages name it: where it is in the config, its kind and what it asks for.
import type { SignatureRule } from "./verification-config.ts";

function annotationsText(rule: SignatureRule): string {
  const entries = Object.entries(rule.annotations ?? {});
  return entries.length ? `, annotations ${entries.map(([k, v]) => `${k}=${v}`).join(", ")}` : "";
}

function what(rule: SignatureRule): string {
  if (rule.kind === "pubKey") return `pubKey${rule.owner ? ` of ${rule.owner}` : ""}`;
  if (rule.kind === "githubAction") return `githubAction ${rule.owner}${rule.repo ? `/${rule.repo}` : ""}`;
  const subject = "equal" in rule.subject ? `subject ${rule.subject.equal}` : `subject under ${rule.subject.urlPrefix}`;
  return `genericIssuer ${rule.issuer}, ${subject}`;
}

/** `allOf[1] (pubKey of alice, line 7)`; line 0 is a rule from the command line. */
export function describeRule(rule: SignatureRule): string {
  return `${rule.path} (${what(rule)}${annotationsText(rule)}${rule.line > 0 ? `, line ${rule.line}` : ""})`;
}
