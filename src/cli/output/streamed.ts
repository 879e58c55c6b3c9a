// A result given item by item as the command produces them (an object checked, a case run),
// written as each comes where the format allows: text, JSON and GitHub annotations, so that a
// run of any length is printed in the memory of one item. YAML is written whole, and JUnit XML
// and SARIF name their totals or rules before their cases, so those keep each item's view (not
// the item) until the last. Each format is written with the same pieces render.ts uses.
import { yamlText, jsonText } from "../../io/data-text.ts";
import { indentedJson, JsonArrayText } from "../../io/json-array-text.ts";
import type { CommandIo } from "../io.ts";
import { ProgressLine } from "../progress-line.ts";
import { annotation, countsFooter } from "./github.ts";
import { junitXml } from "./junit.ts";
import { VIEW_OF_FORMAT, type OutputFormat, type ResultExit } from "./result.ts";
import { sarifLog } from "./sarif.ts";
import { countOutcomes, type TestCase } from "./test-case.ts";

export interface StreamedResult<Item> {
  readonly streamed: true;
  /** The items, as the command produces them. */
  items: AsyncIterable<Item> | Iterable<Item>;
  /** One item as people read it (`-o text`), and the text after the last. */
  text?: { item(item: Item): string; end(): string };
  /**
   * One item as data: an element of the array `-o json` and `-o yaml` print, which is the whole
   * document, or the field `key` of an object whose other fields, known after the last item, follow.
   */
  data?: { item(item: Item): unknown; key?: string; after?(): Record<string, unknown> };
  /** One item's checks as CI systems count them (`-o junit`, `-o sarif`, `-o github`). */
  cases?(item: Item): readonly TestCase[];
  /** How far the run has got, for the progress line: `checked 1,200 objects`. */
  progress(count: number): string;
  /** Known after the last item: the exit code, and why the command fails. */
  exit(): ResultExit;
}

export function isStreamed(result: object): result is StreamedResult<unknown> {
  return (result as Partial<StreamedResult<unknown>>).streamed === true;
}

/** How one format writes the items: the text of each as it comes, and the text after the last. */
interface ItemWriter<Item> {
  item(item: Item): string;
  end(): string;
}

type Views<Item> = Required<Pick<StreamedResult<Item>, "text" | "data" | "cases">>;

function jsonWriter<Item>({ data }: Views<Item>): ItemWriter<Item> {
  const array = new JsonArrayText(data.key === undefined ? 0 : 1);
  let opened = data.key === undefined;
  const open = () => (opened ? "" : ((opened = true), `{\n  ${JSON.stringify(data.key)}: `));
  return {
    item: (item) => open() + array.item(data.item(item)),
    end: () => {
      if (data.key === undefined) return `${array.end()}\n`;
      const after = Object.entries(data.after?.() ?? {}).map(([key, value]) => `,\n  ${JSON.stringify(key)}: ${indentedJson(value, 1)}`);
      return `${open()}${array.end()}${after.join("")}\n}\n`;
    },
  };
}

function yamlWriter<Item>({ data }: Views<Item>): ItemWriter<Item> {
  const items: unknown[] = [];
  return {
    item: (item) => (items.push(data.item(item)), ""),
    end: () => yamlText(data.key === undefined ? items : { [data.key]: items, ...data.after?.() }),
  };
}

function githubWriter<Item>({ cases }: Views<Item>, title: string): ItemWriter<Item> {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  return {
    item: (item) => {
      const checks = cases(item);
      countOutcomes(checks, counts);
      return checks.filter((c) => c.outcome === "failed").map((c) => `${annotation(c)}\n`).join("");
    },
    end: () => countsFooter(title, counts),
  };
}

/** JUnit XML and SARIF: the cases kept until the last item. */
function collectingWriter<Item>({ cases }: Views<Item>, write: (all: TestCase[]) => string): ItemWriter<Item> {
  const all: TestCase[] = [];
  return {
    item: (item) => {
      for (const c of cases(item)) all.push(c);
      return "";
    },
    end: () => write(all),
  };
}

function writerFor<Item>(result: StreamedResult<Item>, format: OutputFormat, title: string): ItemWriter<Item> {
  const view = VIEW_OF_FORMAT[format];
  if (!result[view]) throw new Error(`${title} offers -o ${format} but its result has no ${view}`);
  const views = result as unknown as Views<Item>;
  switch (format) {
    case "text": return { item: views.text.item, end: views.text.end };
    case "json": return jsonWriter(views);
    case "yaml": return yamlWriter(views);
    case "github": return githubWriter(views, title);
    case "junit": return collectingWriter(views, (all) => junitXml(all, title));
    case "sarif": return collectingWriter(views, (all) => jsonText(sarifLog(all)));
  }
}

/** Writes the items in `format` as they come, then what follows the last, with a progress line on a terminal. */
export async function writeStreamed<Item>(result: StreamedResult<Item>, format: OutputFormat, title: string, io: CommandIo): Promise<void> {
  const writer = writerFor(result, format, title);
  const progress = ProgressLine.of(io, result.progress);
  let count = 0;
  try {
    for await (const item of result.items) {
      const text = writer.item(item);
      if (text) io.stdout.write(text);
      progress.update(++count);
    }
  } finally {
    progress.done();
  }
  io.stdout.write(writer.end());
}
