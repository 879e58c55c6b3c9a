// Reading policy settings without trapping: each accessor checks the type,
// records the first problem as a sentence naming the setting's path, and
// returns a usable default. The settings a parser reads are the ones the
// policy knows; in validate_settings any other is refused.
import { JsonValue } from "./json/value";
import { decimal, elementPath, mustBe } from "./format";

/** The state one parse shares between a reader and its nested readers. */
class ParseState {
  error: string | null = null;
}

/**
 * What a policy's settings parser reads its settings through. The SDK makes one
 * for validate_settings (`strict`: every check, unknown settings refused) and
 * one for validate (settings already checked once: a parser may skip dear
 * checks when `strict` is false).
 *
 * @example
 * export function parseSettings(reader: SettingsReader): Settings {
 *   return new Settings(reader.stringList("deniedNames"), reader.bool("audit", false));
 * }
 */
export class SettingsReader {
  /** The keys asked for, which are the ones this policy knows. */
  private readonly read: string[] = [];
  private readonly nested: SettingsReader[] = [];

  /**
   * Made by the SDK (and by `object` and `entries` for nested settings).
   * `prefix` is the path of `settings` followed by ".", or "" at the top.
   */
  constructor(
    readonly settings: JsonValue, readonly strict: bool,
    private readonly prefix: string = "", private readonly state: ParseState = new ParseState(),
  ) {}

  /** The first problem found, phrased for the user; null while all is well. */
  get error(): string | null {
    return this.state.error;
  }

  /** Whether no problem has been found so far. */
  get ok(): bool {
    return this.state.error === null;
  }

  /**
   * Where these settings sit, for messages: "" at the top, e.g.
   * "instanceTypes.m5.large" in a nested reader.
   *
   * @example
   * entry.fail(entry.path + ": enis and ipv4PerEni are required");
   */
  get path(): string {
    const prefix = this.prefix;
    return prefix.length > 0 ? prefix.substring(0, prefix.length - 1) : "";
  }

  /**
   * The path of `key` in the settings, for messages, e.g. "instanceTypes.m5.large.enis".
   *
   * @example
   * reader.fail(reader.pathOf("sizePath") + " must be dot-separated field names");
   */
  pathOf(key: string): string {
    return this.prefix + key;
  }

  /**
   * Records a problem; only the first one is reported.
   *
   * @example
   * if (perNode == 0 && perNamespace == 0) reader.fail("set at least one limit: maxPodsPerNode or maxPodsPerNamespace");
   */
  fail(message: string): void {
    if (this.state.error === null) this.state.error = message;
  }

  /** Reads `key`, noting it as known. */
  private value(key: string): JsonValue {
    if (this.strict) this.read.push(key);
    return this.settings.get(key);
  }

  private wrongType(key: string, wanted: string, value: JsonValue): void {
    this.fail(mustBe(this.pathOf(key), wanted, value));
  }

  /**
   * Whether `key` is set (null counts as not set).
   *
   * @example
   * if (!fields.has("enis")) fields.fail(fields.pathOf("enis") + " is required");
   */
  has(key: string): bool {
    return !this.value(key).isAbsent;
  }

  /**
   * A list of strings; absent or null gives an empty list.
   *
   * @example
   * const labels = reader.stringList("requiredLabels");
   */
  stringList(key: string): string[] {
    const out = new Array<string>();
    const value = this.value(key);
    if (value.isAbsent) return out;
    if (!value.isArray) {
      this.wrongType(key, "a list of strings", value);
      return out;
    }
    for (let i = 0, n = value.length; i < n; i++) {
      const item = value.at(i);
      const s = item.asString();
      if (s === null) {
        this.wrongType(elementPath(key, i), "a string", item);
        return out;
      }
      out.push(s);
    }
    return out;
  }

  /**
   * true or false; absent or null gives `fallback`.
   *
   * @example
   * const mutate = reader.bool("mutate", false);
   */
  bool(key: string, fallback: bool): bool {
    const value = this.value(key);
    if (value.isAbsent) return fallback;
    if (!value.isBool) this.wrongType(key, "true or false", value);
    return value.boolOr(fallback);
  }

  /**
   * A string; absent or null gives `fallback`.
   *
   * @example
   * const sizePath = reader.string("sizePath", "spec.parameters.size");
   */
  string(key: string, fallback: string): string {
    const value = this.value(key);
    if (value.isAbsent) return fallback;
    if (!value.isString) this.wrongType(key, "a string", value);
    return value.stringOr(fallback);
  }

  /**
   * A whole number of at least `min`; absent or null gives `fallback`.
   *
   * @example
   * const maxPods = reader.integer("maxPodsPerNode", 1, 0);
   */
  integer(key: string, min: i64, fallback: i64): i64 {
    const value = this.value(key);
    if (value.isAbsent) return fallback;
    if (!value.isInteger || value.intOr(min - 1) < min) {
      this.fail(this.pathOf(key) + " must be a whole number of at least " + decimal(min) + ", not " + value.raw());
      return fallback;
    }
    return value.intOr(fallback);
  }

  /**
   * An object of settings with keys of its own, read with a nested reader
   * (absent or null reads as an empty object).
   *
   * @example
   * const tls = reader.object("tls");
   * const minVersion = tls.string("minVersion", "1.2");
   */
  object(key: string): SettingsReader {
    const value = this.value(key);
    if (!value.isAbsent && !value.isObject) this.wrongType(key, "an object", value);
    return this.child(value.isObject ? value : JsonValue.missing(), this.pathOf(key) + ".");
  }

  /**
   * An object whose keys are names the user chooses, each with an object of
   * settings: one nested reader per entry, its `name` the entry's key.
   * `entry` says what each entry must be, for messages.
   *
   * @example
   * const types = reader.entries("instanceTypes", "an object like {\"enis\": 3, \"ipv4PerEni\": 10}");
   * for (let i = 0; i < types.length; i++) add(types[i].name, types[i].integer("enis", 1, 1));
   */
  entries(key: string, entry: string): SettingsEntry[] {
    const out = new Array<SettingsEntry>();
    const value = this.value(key);
    if (value.isAbsent) return out;
    if (!value.isObject) {
      this.wrongType(key, "an object of entries, each " + entry, value);
      return out;
    }
    const members = value.members();
    for (let i = 0; i < members.length; i++) {
      const member = unchecked(members[i]);
      const where = this.pathOf(key) + "." + member.key;
      if (!member.value.isObject) {
        this.fail(mustBe(where, entry, member.value));
        return out;
      }
      const reader = new SettingsEntry(member.key, member.value, this.strict, where + ".", this.state);
      this.nested.push(reader);
      out.push(reader);
    }
    return out;
  }

  private child(value: JsonValue, prefix: string): SettingsReader {
    const reader = new SettingsReader(value, this.strict, prefix, this.state);
    this.nested.push(reader);
    return reader;
  }

  /**
   * The first setting nobody read, here or in nested readers, as a message
   * (null when there is none): a typo would otherwise be ignored. The SDK
   * asks it after the parser, in validate_settings, and reports it first.
   */
  unknownSetting(): string | null {
    if (!this.strict) return null;
    const members = this.settings.members();
    for (let i = 0; i < members.length; i++) {
      const key = unchecked(members[i]).key;
      if (!this.read.includes(key)) {
        return "unknown setting '" + this.pathOf(key) + "'; known settings: " + this.known();
      }
    }
    for (let i = 0; i < this.nested.length; i++) {
      const unknown = unchecked(this.nested[i]).unknownSetting();
      if (unknown !== null) return unknown;
    }
    return null;
  }

  private known(): string {
    const names = new Array<string>();
    for (let i = 0; i < this.read.length; i++) {
      const key = unchecked(this.read[i]);
      if (!names.includes(key)) names.push(key);
    }
    return names.join(", ");
  }
}

/**
 * One entry of `SettingsReader.entries`: a reader of the entry's object,
 * with the entry's key as `name`.
 *
 * @example
 * const type = new InstanceType(entry.name, <i32>entry.integer("enis", 1, 1));
 */
export class SettingsEntry extends SettingsReader {
  constructor(readonly name: string, settings: JsonValue, strict: bool, prefix: string, state: ParseState) {
    super(settings, strict, prefix, state);
  }
}
