// JsonValue: a read-only view of one value inside a validated UTF-8 document.
// Navigation never traps: asking an absent key, a wrong type or an index out of
// range gives the Missing value, and typed getters fall back to a default.
import { QUOTE, BACKSLASH, COMMA, OPEN_BRACE, OPEN_BRACKET, CLOSE_BRACE, CLOSE_BRACKET, MINUS, isDigit } from "./chars";
import { skipSpace, skipString, skipValue } from "./skip";
import { decodeString } from "./decode";
import { validateJson, JsonSyntaxError } from "./validate";
import { ContainerIndex } from "./containers";

/**
 * The type of a JsonValue; Missing stands for an absent value.
 *
 * @example
 * if (value.kind == JsonKind.Number) return value.intOr(0);
 */
export enum JsonKind {
  Missing,
  Null,
  Bool,
  Number,
  String,
  Array,
  Object,
}

const KIND_NAMES: StaticArray<string> = ["missing", "null", "boolean", "number", "string", "array", "object"];

function kindAt(p: usize): JsonKind {
  const c = <u32>load<u8>(p);
  if (c == QUOTE) return JsonKind.String;
  if (c == OPEN_BRACE) return JsonKind.Object;
  if (c == OPEN_BRACKET) return JsonKind.Array;
  if (c == 0x74 || c == 0x66) return JsonKind.Bool;
  if (c == 0x6e) return JsonKind.Null;
  return JsonKind.Number;
}

/** Compares the key token whose opening quote is at `p` with `key`. */
function keyEquals(p: usize, end: usize, key: string): bool {
  const n = key.length;
  let q = p + 1;
  for (let i = 0; i < n; i++, q++) {
    if (q >= end) return false;
    const b = <u32>load<u8>(q);
    const c = <u32>key.charCodeAt(i);
    if (b == BACKSLASH || c >= 0x80) return decodeString(p, end) == key;
    if (b != c) return false;
  }
  return q < end && <u32>load<u8>(q) == QUOTE;
}

/**
 * A key and its value, from `JsonValue.members()`.
 *
 * @example
 * const members = object.get("data").members();
 * for (let i = 0; i < members.length; i++) logInfo(members[i].key + "=" + members[i].value.raw());
 */
export class JsonMember {
  constructor(readonly key: string, readonly value: JsonValue) {}
}

/**
 * The members of an object named by a list of keys, found in one pass (see
 * `JsonValue.fields`); each value is made only when it is read.
 *
 * @example
 * const fields = request.object.fields(["metadata", "spec"]);
 * const spec = fields.at(1);
 */
export class JsonFields {
  /** Made by `JsonValue.fields`. */
  constructor(private readonly parent: JsonValue, private readonly starts: StaticArray<usize>) {}

  /** The value of the `index`-th key asked for; Missing when absent. */
  at(index: i32): JsonValue {
    if (index < 0 || index >= this.starts.length) return MISSING;
    return this.parent.valueAt(unchecked(this.starts[index]));
  }
}

/**
 * A read-only view of one value inside a validated JSON document. Navigation
 * never traps: an absent key, a wrong type or an index out of range gives the
 * Missing value, and typed getters fall back to a default.
 *
 * @example
 * const image = request.object.path("spec.containers").at(0).get("image").stringOr("");
 */
export class JsonValue {
  private endCache: usize = 0;
  /** The elements or values, listed once by `at` and `length`. */
  private itemCache: JsonValue[] | null = null;

  /**
   * Made by the SDK's reader. `start` is the address of the value's first
   * byte and `limit` the end of its document: internal to the SDK, which
   * splices documents with them (setPath).
   */
  constructor(
    private readonly buffer: ArrayBuffer, readonly start: usize, readonly limit: usize,
    readonly kind: JsonKind, private readonly containers: ContainerIndex,
  ) {}

  /**
   * The value that stands for "absent".
   *
   * @example
   * JsonValue.missing().isAbsent // true
   */
  static missing(): JsonValue {
    return MISSING;
  }

  private child(p: usize): JsonValue {
    return new JsonValue(this.buffer, p, this.limit, kindAt(p), this.containers);
  }

  /** Address just after the value: internal to the SDK, like `start`. */
  get end(): usize {
    if (this.kind == JsonKind.Missing) return this.start;
    if (this.endCache == 0) this.endCache = skipValue(this.start, this.limit, this.containers);
    return this.endCache;
  }

  /** Absent from the document (null is not Missing: see isAbsent). */
  get isMissing(): bool { return this.kind == JsonKind.Missing; }
  /** The literal null. */
  get isNull(): bool { return this.kind == JsonKind.Null; }
  /** Absent and null mean the same in Kubernetes objects and in Kubewarden requests. */
  get isAbsent(): bool { return this.kind <= JsonKind.Null; }
  /** An object. */
  get isObject(): bool { return this.kind == JsonKind.Object; }
  /** An array. */
  get isArray(): bool { return this.kind == JsonKind.Array; }
  /** A string. */
  get isString(): bool { return this.kind == JsonKind.String; }
  /** A number (see isInteger). */
  get isNumber(): bool { return this.kind == JsonKind.Number; }
  /** true or false. */
  get isBool(): bool { return this.kind == JsonKind.Bool; }

  /**
   * "missing", "null", "boolean", "number", "string", "array" or "object", for messages.
   *
   * @example
   * "labels must be an object, not " + labels.typeName
   */
  get typeName(): string { return unchecked(KIND_NAMES[<i32>this.kind]); }

  /**
   * The member `key` of an object; Missing otherwise.
   *
   * @example
   * const labels = request.object.get("metadata").get("labels");
   */
  get(key: string): JsonValue {
    if (this.kind != JsonKind.Object) return MISSING;
    const end = this.limit;
    let p = skipSpace(this.start + 1, end);
    while (p < end && <u32>load<u8>(p) == QUOTE) {
      const matches = keyEquals(p, end, key);
      p = skipSpace(skipString(p, end), end) + 1; // past ':'
      p = skipSpace(p, end);
      if (matches) return this.child(p);
      p = skipSpace(skipValue(p, end, this.containers), end);
      if (p >= end || <u32>load<u8>(p) != COMMA) break;
      p = skipSpace(p + 1, end);
    }
    return MISSING;
  }

  /**
   * The members named in `keys`, in that order, found in one pass over the
   * object (Missing where absent). Cheaper than one `get` per key on large
   * objects, and it decodes no keys.
   *
   * @example
   * const parts = request.object.pick(["metadata", "spec"]);
   * const spec = parts[1];
   */
  pick(keys: string[]): JsonValue[] {
    const starts = this.pickStarts(keys);
    const out = new Array<JsonValue>();
    for (let i = 0; i < keys.length; i++) out.push(this.valueAt(unchecked(starts[i])));
    return out;
  }

  /**
   * Like `pick`, but each value is made only when read: cheaper when only some
   * of the keys are read on most calls.
   *
   * @example
   * const fields = request.request.fields(["uid", "object"]);
   * const uid = fields.at(0).stringOr("");
   */
  fields(keys: string[]): JsonFields {
    return new JsonFields(this, this.pickStarts(keys));
  }

  /** Where each member's value starts (0 where absent). */
  private pickStarts(keys: string[]): StaticArray<usize> {
    const starts = new StaticArray<usize>(keys.length);
    if (this.kind != JsonKind.Object) return starts;
    const end = this.limit;
    let p = skipSpace(this.start + 1, end);
    while (p < end && <u32>load<u8>(p) == QUOTE) {
      const keyAt = p;
      p = skipSpace(skipSpace(skipString(p, end), end) + 1, end);
      for (let i = 0; i < keys.length; i++) {
        if (unchecked(starts[i]) == 0 && keyEquals(keyAt, end, unchecked(keys[i]))) {
          unchecked((starts[i] = p));
          break;
        }
      }
      p = skipSpace(skipValue(p, end, this.containers), end);
      if (p >= end || <u32>load<u8>(p) != COMMA) break;
      p = skipSpace(p + 1, end);
    }
    return starts;
  }

  /** The value of this document starting at `start`; Missing for 0. */
  private valueAt(start: usize): JsonValue {
    return start == 0 ? MISSING : this.child(start);
  }

  /**
   * Follows a dotted path of object keys; Missing as soon as a step is.
   *
   * @example
   * const size = claim.path("spec.parameters.size").stringOr("");
   */
  path(dotted: string): JsonValue {
    let value: JsonValue = this;
    let from = 0;
    while (from <= dotted.length) {
      let dot = dotted.indexOf(".", from);
      if (dot < 0) dot = dotted.length;
      value = value.get(dotted.substring(from, dot));
      if (value.isMissing) return value;
      from = dot + 1;
    }
    return value;
  }

  /**
   * The array's elements, or the object's values; empty for anything else.
   *
   * @example
   * const containers = spec.get("containers").items();
   * for (let i = 0; i < containers.length; i++) check(containers[i]);
   */
  items(): JsonValue[] {
    return this.walk(null);
  }

  /**
   * The object's members in document order; empty for anything else.
   *
   * @example
   * const labels = ObjectMeta.of(object).labels.members();
   * for (let i = 0; i < labels.length; i++) if (labels[i].key.startsWith("team/")) return accept();
   */
  members(): JsonMember[] {
    const out = new Array<JsonMember>();
    if (this.kind != JsonKind.Object) return out;
    const keys = new Array<string>();
    const values = this.walk(keys);
    for (let i = 0; i < values.length; i++) out.push(new JsonMember(unchecked(keys[i]), unchecked(values[i])));
    return out;
  }

  /** The values of an array or object, in order; for an object, its keys go to `keys` when given. */
  private walk(keys: string[] | null): JsonValue[] {
    const out = new Array<JsonValue>();
    if (this.kind != JsonKind.Array && this.kind != JsonKind.Object) return out;
    const isObject = this.kind == JsonKind.Object;
    const close = isObject ? CLOSE_BRACE : CLOSE_BRACKET;
    const end = this.limit;
    let p = skipSpace(this.start + 1, end);
    while (p < end && <u32>load<u8>(p) != close) {
      if (isObject) {
        if (keys !== null) keys.push(decodeString(p, end));
        p = skipSpace(skipSpace(skipString(p, end), end) + 1, end);
      }
      out.push(this.child(p));
      p = skipSpace(skipValue(p, end, this.containers), end);
      if (p < end && <u32>load<u8>(p) == COMMA) p = skipSpace(p + 1, end);
    }
    return out;
  }

  /**
   * Element `index` of an array; Missing when out of range or not an array.
   *
   * @example
   * const first = spec.get("containers").at(0);
   */
  at(index: i32): JsonValue {
    if (this.kind != JsonKind.Array || index < 0) return MISSING;
    const items = this.listed();
    return index < items.length ? unchecked(items[index]) : MISSING;
  }

  /**
   * How many elements an array has, or members an object; 0 for anything else.
   * With `at`, a loop lists the items once, not once per step.
   *
   * @example
   * const list = spec.get("containers");
   * for (let i = 0, n = list.length; i < n; i++) check(list.at(i));
   */
  get length(): i32 {
    return this.kind == JsonKind.Array || this.kind == JsonKind.Object ? this.listed().length : 0;
  }

  private listed(): JsonValue[] {
    let items = this.itemCache;
    if (items === null) this.itemCache = items = this.items();
    return items;
  }

  /**
   * The decoded string, or null when the value is not a string.
   *
   * @example
   * const name = item.asString();
   * if (name === null) return reject(mustBe("names[0]", "a string", item), CODE_BAD_REQUEST);
   */
  asString(): string | null {
    return this.kind == JsonKind.String ? decodeString(this.start, this.limit) : null;
  }

  /**
   * The decoded string, or `fallback` for anything else (absent, null, other types).
   *
   * @example
   * const node = spec.get("nodeName").stringOr("");
   */
  stringOr(fallback: string): string {
    return this.kind == JsonKind.String ? decodeString(this.start, this.limit) : fallback;
  }

  /**
   * True only for the literal `true`.
   *
   * @example
   * if (context.get("privileged").isTrue) return reject("privileged");
   */
  get isTrue(): bool {
    return this.kind == JsonKind.Bool && <u32>load<u8>(this.start) == 0x74;
  }

  /** True only for the literal `false`. */
  get isFalse(): bool {
    return this.kind == JsonKind.Bool && <u32>load<u8>(this.start) == 0x66;
  }

  /**
   * The boolean, or `fallback` for anything else.
   *
   * @example
   * const readOnly = mount.get("readOnly").boolOr(false);
   */
  boolOr(fallback: bool): bool {
    return this.kind == JsonKind.Bool ? this.isTrue : fallback;
  }

  /**
   * A number without fraction or exponent, of at most 18 digits.
   *
   * @example
   * if (!replicas.isInteger) return reject(mustBe("spec.replicas", "a whole number", replicas), CODE_BAD_REQUEST);
   */
  get isInteger(): bool {
    if (this.kind != JsonKind.Number) return false;
    const end = this.end;
    let p = this.start;
    if (<u32>load<u8>(p) == MINUS) p++;
    const digits = end - p;
    for (; p < end; p++) if (!isDigit(load<u8>(p))) return false;
    return digits <= 18;
  }

  /**
   * The whole number, or `fallback` when the value is not one (see isInteger).
   *
   * @example
   * const user = context.get("runAsUser").intOr(-1);
   */
  intOr(fallback: i64): i64 {
    if (!this.isInteger) return fallback;
    let p = this.start;
    const negative = <u32>load<u8>(p) == MINUS;
    if (negative) p++;
    let n: i64 = 0;
    for (const end = this.end; p < end; p++) n = n * 10 + <i64>(load<u8>(p) - 0x30);
    return negative ? -n : n;
  }

  /**
   * Any number as an f64, or `fallback` for anything else.
   *
   * @example
   * const ratio = settings.get("ratio").numberOr(0.5);
   */
  numberOr(fallback: f64): f64 {
    if (this.kind != JsonKind.Number) return fallback;
    return parseFloat(this.raw());
  }

  /**
   * The value's source text, exactly as in the document ("" when Missing).
   *
   * @example
   * "runAsNonRoot is " + value.raw() // "runAsNonRoot is false"
   */
  raw(): string {
    if (this.kind == JsonKind.Missing) return "";
    return String.UTF8.decodeUnsafe(this.start, this.end - this.start);
  }

  /**
   * Compares a string value with `text` without decoding it (false for non-strings).
   *
   * @example
   * if (pod.path("status.phase").equals("Succeeded")) finished++;
   */
  equals(text: string): bool {
    return this.kind == JsonKind.String && keyEquals(this.start, this.limit, text);
  }
}

const EMPTY = new ArrayBuffer(0);
const MISSING = new JsonValue(EMPTY, changetype<usize>(EMPTY), changetype<usize>(EMPTY), JsonKind.Missing, new ContainerIndex(0));

/**
 * A parsed document: its root value, or why it is not JSON.
 *
 * @example
 * const doc = parseJson(bytes);
 * if (!doc.ok) return reject("not JSON: " + doc.error!.toString(), CODE_BAD_REQUEST);
 * const root = doc.root;
 */
export class JsonDocument {
  /** `root` is Missing when `error` is set. */
  constructor(readonly root: JsonValue, readonly error: JsonSyntaxError | null) {}
  /** Whether the document is valid JSON. */
  get ok(): bool {
    return this.error === null;
  }
}

/**
 * Validates `buffer` (UTF-8) as one JSON document and returns a view of its root.
 *
 * @example
 * const doc = parseJson(String.UTF8.encode("{\"replicas\":3}"));
 * doc.root.get("replicas").intOr(0) // 3
 */
export function parseJson(buffer: ArrayBuffer): JsonDocument {
  const start = changetype<usize>(buffer);
  const end = start + <usize>buffer.byteLength;
  const containers = new ContainerIndex(start);
  const error = validateJson(start, end, containers);
  if (error !== null) return new JsonDocument(MISSING, error);
  const p = skipSpace(start, end);
  return new JsonDocument(new JsonValue(buffer, p, end, kindAt(p), containers), null);
}

/**
 * Like parseJson, for JSON held in a string.
 *
 * @example
 * parseJsonString("[1,2]").root.length // 2
 */
export function parseJsonString(text: string): JsonDocument {
  return parseJson(String.UTF8.encode(text));
}
