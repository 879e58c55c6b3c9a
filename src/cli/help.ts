// `--help` and the usage line, generated from a command's declaration.
import type { Command } from "./command.ts";

const PROGRAM = "wardenkit";

function positionalText(command: Command): string[] {
  return command.positionals.map((p) => {
    const name = `<${p.name}>${p.variadic ? "…" : ""}`;
    return p.optional ? `[${name}]` : name;
  });
}

/** `wardenkit run <module> --request <file> [options]`: positionals and required flags. */
export function usageLine(command: Command): string {
  const required = Object.entries(command.flags).filter(([, f]) => f.required).map(([name, f]) => `--${name} <${f.value}>`);
  const optional = Object.values(command.flags).some((f) => !f.required) ? ["[options]"] : [];
  return [PROGRAM, command.name, ...positionalText(command), ...required, ...optional].join(" ");
}

function table(rows: [string, string][]): string[] {
  const width = Math.min(32, Math.max(...rows.map(([left]) => left.length)) + 2);
  return rows.map(([left, right]) => `  ${left.length + 2 > width ? `${left}\n  ${" ".repeat(width)}` : left.padEnd(width)}${right}`);
}

/** `# what it does` above each command line, a blank line between, as gator and kyverno show them. */
function exampleLines(command: Command): string[] {
  return command.examples.flatMap((e, i) => [...(i > 0 ? [""] : []), `  # ${e.description}`, `  ${e.command}`]);
}

export function commandHelp(command: Command): string {
  const lines = [command.summary, "", `Usage: ${usageLine(command)}`];
  if (command.positionals.length) {
    lines.push("", "Arguments:", ...table(command.positionals.map((p) => [`<${p.name}>`, p.description])));
  }
  const flagRows: [string, string][] = Object.entries(command.flags).map(([name, f]) => {
    const left = `${f.short ? `-${f.short}, ` : "    "}--${name}${f.takesValue ? ` <${f.value}>` : ""}`;
    const notes = [f.multiple ? "repeatable" : "", f.defaultText !== undefined ? `default ${f.defaultText}` : ""].filter(Boolean);
    return [left, `${f.description}${notes.length ? ` (${notes.join(", ")})` : ""}`];
  });
  flagRows.push(["-h, --help", "this help"]);
  lines.push("", "Options:", ...table(flagRows));
  for (const paragraph of command.details) lines.push("", paragraph);
  if (command.examples.length) lines.push("", "Examples:", ...exampleLines(command));
  return `${lines.join("\n")}\n`;
}

export function programHelp(commands: readonly Command[]): string {
  return [
    `${PROGRAM}: write, test, publish and serve Kubewarden policies in AssemblyScript`,
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
    "",
    `Run \`${PROGRAM} <command> --help\` for a command's options, \`${PROGRAM} --version\` for the version.`,
    "Exit codes: 0 success, 1 failure, 2 a command line that does not parse.",
    "",
  ].join("\n");
}
