// What a command's run returns when it has one result to print. It hands over views of the
// result, not text: the renderer (render.ts) prints the view the chosen format needs, so a
// command never formats its own output and a new format is written once, for every command.
import type { TestCase } from "./test-case.ts";

/** Every format the renderer writes. A command offers some of them with outputFlag. */
export type OutputFormat = "text" | "json" | "yaml" | "junit" | "sarif" | "github";

/** The views of a result; each is computed only when its format is asked for. */
export interface ResultViews {
  /** As people read it (`-o text`). */
  text(): string;
  /** Plain data: what `-o json` and `-o yaml` print. */
  data(): unknown;
  /** As CI systems count it (`-o junit`, `-o sarif`, `-o github`): one test case per check made. */
  cases(): readonly TestCase[];
}

/** Which view each format is written from. */
export const VIEW_OF_FORMAT = { text: "text", json: "data", yaml: "data", junit: "cases", sarif: "cases", github: "cases" } as const satisfies Record<OutputFormat, keyof ResultViews>;

export interface ResultExit {
  /** 0 unless said: 1 for a failed case, a denial, a regression. */
  exitCode?: number;
  /** Why the command fails, printed on standard error after the result. */
  failure?: string;
}

/** A result with the views its formats need: a command offering text and junit gives text() and cases(). */
export type CommandResult<F extends OutputFormat> = Pick<ResultViews, (typeof VIEW_OF_FORMAT)[F]> & ResultExit;

/** A result whatever its command: the views its declaration promised are there. */
export type AnyCommandResult = Partial<ResultViews> & ResultExit;
