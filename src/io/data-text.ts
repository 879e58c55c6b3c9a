// Data as text, written one way wherever wardenkit prints or writes it: JSON indented by two
// spaces, YAML without folding (long messages and module references stay on one line). The
// yaml package is loaded only when YAML is written.
import { yaml } from "./yaml-on-demand.ts";

export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function yamlText(value: unknown): string {
  return yaml().stringify(value, { lineWidth: 0 });
}
