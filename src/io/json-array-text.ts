// A JSON array written item by item, as JSON.stringify(array, null, 2) would write it whole, so
// that a command can print results as they come and still print exactly that JSON.

const INDENT = "  ";

/** `value` as JSON.stringify(value, null, 2), for a place `depth` levels deep. */
export function indentedJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${INDENT.repeat(depth)}`);
}

export class JsonArrayText {
  private items = 0;

  /** `depth`: how deep the array itself is (0 at the top). */
  constructor(private readonly depth = 0) {}

  /** The text that adds `value` to the array (its opening bracket before the first). */
  item(value: unknown): string {
    const pad = INDENT.repeat(this.depth + 1);
    return `${this.items++ === 0 ? "[" : ","}\n${pad}${indentedJson(value, this.depth + 1)}`;
  }

  /** The text that closes the array (the whole of an empty one). */
  end(): string {
    return this.items === 0 ? "[]" : `\n${INDENT.repeat(this.depth)}]`;
  }
}
