// A policy's README documents its settings, and its "## Settings" section, less its fenced
// examples, travels inside the module as the usage text `wardenkit inspect` shows. Every setting it names
// (a `### \`name\`` heading) and every key of its YAML examples must be one the policy reads:
// the built module is asked through validate_settings, and the SDK's settings reader names
// an unread setting before any other problem ("unknown setting '<path>'"), so a README left
// over from a template, or a setting renamed in the code only, fails the build.
import { yaml } from "../io/yaml-on-demand.ts";
import type { PolicyEvaluator } from "../host/evaluator.ts";
import { usageFromReadme } from "./metadata.ts";

const UNKNOWN_SETTING = /^unknown setting /;
const HEADING = /^###\s+`([^`]+)`/;
const YAML_BLOCK = /^```ya?ml\s*$/;

interface Documented {
  line: number;
  what: string;
  settings: unknown;
}

/** The settings the section documents, each with the README line it is on. */
function documented(readme: string): Documented[] {
  const usage = usageFromReadme(readme);
  const offset = readme.slice(0, readme.indexOf(usage.trimEnd())).split("\n").length - 1;
  const lines = usage.split("\n");
  const found: Documented[] = [];
  for (let i = 0; i < lines.length; i++) {
    const heading = HEADING.exec(lines[i]);
    if (heading) found.push({ line: offset + i + 1, what: `setting \`${heading[1]}\``, settings: { [heading[1]]: null } });
    if (!YAML_BLOCK.test(lines[i])) continue;
    const end = lines.findIndex((line, j) => j > i && line.trim() === "```");
    if (end < 0) break;
    const example = parseExample(lines.slice(i + 1, end).join("\n"));
    if (example !== undefined) found.push({ line: offset + i + 1, what: "example", settings: example });
    i = end;
  }
  return found;
}

/** A YAML example that is a mapping of settings; anything else documents something else. */
function parseExample(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = yaml().parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** One line per documented setting the policy does not know: `README.md:12: example: unknown setting 'x'; …`. */
export function documentedSettingsProblems(evaluator: PolicyEvaluator, readme: string, readmeName: string): string[] {
  const problems: string[] = [];
  for (const entry of documented(readme)) {
    const verdict = evaluator.validateSettings(entry.settings);
    if (!verdict.valid && UNKNOWN_SETTING.test(verdict.message ?? "")) problems.push(`${readmeName}:${entry.line}: ${entry.what}: ${verdict.message}`);
  }
  return problems;
}
