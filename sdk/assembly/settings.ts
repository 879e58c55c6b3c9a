// Reading policy settings without trapping: each accessor checks the type,
// records the first problem as a sentence, and returns a usable default.
import { JsonValue } from "./json/value";
import { SettingsValidationResponse, settingsVerdict } from "./protocol";

export class SettingsReader {
  /** The first problem found, phrased for the user; null while all is well. */
  error: string | null = null;

  /**
   * `known` lists every setting the policy understands. When `strict` (in
   * validate_settings), others are refused, since a typo would otherwise be
   * ignored; `validate` reads settings that were already checked, and skips it.
   */
  constructor(public settings: JsonValue, known: string[], public strict: bool = true) {
    if (strict) this.refuseUnknown(known);
  }

  private refuseUnknown(known: string[]): void {
    const members = this.settings.members();
    for (let i = 0; i < members.length; i++) {
      if (!known.includes(members[i].key)) {
        this.fail("unknown setting '" + members[i].key + "'; known settings: " + known.join(", "));
        return;
      }
    }
  }

  get ok(): bool {
    return this.error === null;
  }

  /** Records a problem; only the first one is reported. */
  fail(message: string): void {
    if (this.error === null) this.error = message;
  }

  has(key: string): bool {
    return !this.settings.get(key).isAbsent;
  }

  /** A list of strings; absent gives an empty list. */
  stringList(key: string): string[] {
    const out = new Array<string>();
    const value = this.settings.get(key);
    if (value.isAbsent) return out;
    if (!value.isArray) {
      this.fail(key + " must be a list of strings, not " + value.typeName);
      return out;
    }
    const items = value.items();
    for (let i = 0; i < items.length; i++) {
      const s = items[i].asString();
      if (s === null) {
        this.fail(key + "[" + i.toString() + "] must be a string, not " + items[i].typeName + " " + items[i].raw());
        return out;
      }
      out.push(s);
    }
    return out;
  }

  bool(key: string, fallback: bool): bool {
    const value = this.settings.get(key);
    if (value.isAbsent) return fallback;
    if (!value.isBool) this.fail(key + " must be true or false, not " + value.typeName + " " + value.raw());
    return value.boolOr(fallback);
  }

  string(key: string, fallback: string): string {
    const value = this.settings.get(key);
    if (value.isAbsent) return fallback;
    if (!value.isString) this.fail(key + " must be a string, not " + value.typeName + " " + value.raw());
    return value.stringOr(fallback);
  }

  /** A whole number of at least `min`; absent gives `fallback`. */
  integer(key: string, min: i64, fallback: i64): i64 {
    const value = this.settings.get(key);
    if (value.isAbsent) return fallback;
    if (!value.isInteger || value.intOr(min - 1) < min) {
      this.fail(key + " must be a whole number of at least " + min.toString() + ", not " + value.raw());
      return fallback;
    }
    return value.intOr(fallback);
  }

  /** The verdict for validate_settings. */
  response(): SettingsValidationResponse {
    return settingsVerdict(this.error);
  }
}
