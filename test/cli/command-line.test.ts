// The one command surface: every command parses its arguments and answers --help the same
// way, with usage errors (exit 2, the usage line), failures (1) and success (0), and one
// vocabulary of flags.
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/command-line.ts";
import { defineCommand } from "../../src/cli/command.ts";
import { booleanFlag, choiceFlag, durationFlag, listFlag, numberFlag, outputFlag, requiredFlag, stringFlag } from "../../src/cli/flags.ts";
import { COMMANDS, findCommand } from "../../src/cli/registry.ts";
import { runWardenkit } from "../support/run-command.ts";

const sample = defineCommand({
  name: "sample",
  summary: "a command to parse with",
  positionals: [{ name: "first", description: "one" }, { name: "rest", description: "more", variadic: true, optional: true }],
  flags: {
    name: requiredFlag("name", "a name", { short: "n" }),
    force: booleanFlag("force"),
    label: stringFlag("label", "a label", { default: "none" }),
    tag: listFlag("tag,…", "tags", { commas: true }),
    count: numberFlag("n", "a count", { integer: true, default: 3 }),
    warmup: numberFlag("n", "warm-up", { zero: true, integer: true }),
    level: choiceFlag(["low", "high"], "a level"),
    wait: durationFlag("duration", "how long", { default: "2m" }),
    output: outputFlag(["text", "json"], "text"),
  },
  load: async () => ({ run: async () => 0 }),
});

const parse = (argv: string[]) => parseCommandLine(sample, argv);

/** The arguments a shell gives `wardenkit` in a command line: quotes removed, up to a pipe or redirection. */
function wardenkitArgs(line: string): string[] {
  const words = (line.match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? []).map((w) => w.replace(/'([^']*)'|"([^"]*)"/g, (_, single, double) => single ?? double));
  const args = words.slice(words.indexOf("wardenkit") + 1);
  const end = args.findIndex((w) => ["|", ">", ">>", "&&", ";"].includes(w));
  return end === -1 ? args : args.slice(0, end);
}

describe("the command-line parser", () => {
  it("gives every flag its typed value or default, and the positionals", () => {
    expect(parse(["a", "-n", "x", "--tag", "p,q", "--tag", "r", "--count", "7", "--warmup", "0", "--level", "high", "--wait", "1m30s", "-o", "json", "b", "c"])).toEqual({
      flags: { name: "x", force: false, label: "none", tag: ["p", "q", "r"], count: 7, warmup: 0, level: "high", wait: 90_000, output: "json" },
      args: ["a", "b", "c"],
    });
    expect(parse(["a", "--name=y", "--force"]).flags).toMatchObject({ name: "y", force: true, count: 3, warmup: undefined, level: undefined, wait: 120_000, output: "text" });
  });

  it.each([
    [["a", "-n", "x", "--bogus"], "unknown flag --bogus"],
    [["a", "-n", "x", "-z"], "unknown flag -z"],
    [["a"], "missing --name <name>"],
    [["-n", "x"], "missing <first>"],
    [["a", "-n"], "--name needs a value"],
    [["a", "-n", "x", "--force=yes"], "--force takes no value"],
    [["a", "-n", "x", "--count", "0"], "--count must be a positive whole number, not '0'"],
    [["a", "-n", "x", "--count", "1.5"], "--count must be a positive whole number, not '1.5'"],
    [["a", "-n", "x", "--count", ""], "--count must be a positive whole number, not ''"],
    [["a", "-n", "x", "--warmup=-1"], "--warmup must be zero or a positive whole number, not '-1'"],
    [["a", "-n", "x", "--warmup", "-1"], "--warmup needs a value (write --warmup=-… for one that starts with a dash)"],
    [["a", "-n", "x", "--level", "mid"], "--level must be low or high, not 'mid'"],
    [["a", "-n", "x", "-o", "yaml"], "--output must be text or json, not 'yaml'"],
    [["a", "-n", "x", "--wait", "soon"], "--wait: invalid duration 'soon' (e.g. 120s, 2m, 1m30s)"],
  ])("refuses %j: %s", (argv, problem) => {
    expect(() => parse(argv)).toThrow(expect.objectContaining({ message: problem, exitCode: 2 }));
  });

  it("needs one value of a required variadic positional or list flag", () => {
    const many = defineCommand({
      name: "many", summary: "", positionals: [{ name: "x", description: "", variadic: true }],
      flags: { p: listFlag("p", "", { required: true }) }, load: sample.load,
    });
    expect(() => parseCommandLine(many, ["--p", "1"])).toThrow("missing <x>");
    expect(() => parseCommandLine(many, ["a"])).toThrow("missing --p <p>");
    expect(parseCommandLine(many, ["a", "b", "--p", "1"]).args).toEqual(["a", "b"]);
  });

  it("refuses extra positionals of a command that takes a fixed number", () => {
    const one = defineCommand({ name: "one", summary: "", positionals: [{ name: "x", description: "" }], flags: {}, load: sample.load });
    expect(() => parseCommandLine(one, ["a", "b"])).toThrow("unexpected argument 'b'");
    expect(() => parseCommandLine(one, ["--", "-a"])).not.toThrow();
  });
});

describe("every command", () => {
  it("is in the registry once, in order", () => {
    const names = COMMANDS.map((c) => c.name);
    expect(names).toEqual([...new Set(names)].sort());
    expect(names).toHaveLength(18);
  });

  it.each(COMMANDS.map((c) => c.name))("answers %s --help with its summary, usage line and every flag, exit 0", async (name) => {
    const command = findCommand(name)!;
    const help = await runWardenkit([name, "--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout.startsWith(`${command.summary}\n\nUsage: wardenkit ${name}`)).toBe(true);
    for (const flag of Object.keys(command.flags)) expect(help.stdout, flag).toContain(`--${flag}`);
    expect(help.stdout).toContain("-h, --help");
  });

  it.each(COMMANDS.map((c) => c.name))("refuses an unknown flag of %s with exit 2 and the usage line", async (name) => {
    const run = await runWardenkit([name, "--bogus"]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(new RegExp(`^wardenkit ${name}: unknown flag --bogus; usage: wardenkit ${name}( |$)`, "m"));
  });

  it("calls -o/--output a format, and only a format", () => {
    for (const command of COMMANDS) {
      const output = command.flags.output;
      if (!output) continue;
      expect(output.short, command.name).toBe("o");
      expect(output.value, command.name).toMatch(/^(text|json|yaml|junit|sarif|github)(\|(text|json|yaml|junit|sarif|github))+$/);
    }
    expect(Object.keys(findCommand("pull")!.flags)).toContain("output-file");
  });

  it.each(COMMANDS.map((c) => c.name))("shows examples of %s in its --help, each a command line its own parser reads", async (name) => {
    const command = findCommand(name)!;
    expect(command.examples.length).toBeGreaterThan(0);
    const help = (await runWardenkit([name, "--help"])).stdout;
    expect(help).toContain("\nExamples:\n");
    for (const example of command.examples) {
      expect(help).toContain(`  # ${example.description}\n  ${example.command}\n`);
      const [first, ...argv] = wardenkitArgs(example.command);
      expect(first, example.command).toBe(name);
      expect(() => parseCommandLine(command, argv), example.command).not.toThrow();
    }
  });

  it("calls the built modules --dist", () => {
    for (const name of ["build", "test", "serve", "publish", "apply", "check"]) expect(Object.keys(findCommand(name)!.flags), name).toContain("dist");
    expect(COMMANDS.flatMap((c) => Object.keys(c.flags))).not.toContain("out-dir");
  });
});

describe("the old spellings", () => {
  it.each([
    [["test", "-o", "yaml"], "wardenkit test: --output must be text, json, junit, sarif or github, not 'yaml'"],
    [["bench", "required-labels", "-r", "x.json", "--json"], "wardenkit bench: unknown flag --json"],
    [["pull", "registry://localhost/x:v1", "-o", "x.wasm"], "wardenkit pull: unknown flag -o"],
    [["build", "--out-dir", "out"], "wardenkit build: unknown flag --out-dir"],
    [["run", "required-labels", "--bogus"], "wardenkit run: unknown flag --bogus"],
  ])("are usage errors: %j", async (argv, message) => {
    const run = await runWardenkit(argv);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(`${message}; usage: `)).toBe(true);
  });
});

describe("the program", () => {
  it("prints the command list to stderr and exits 2 without a command", async () => {
    const run = await runWardenkit([]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(/^Commands:$/m);
  });
});
