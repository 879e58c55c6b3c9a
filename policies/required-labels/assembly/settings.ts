import { JsonValue, SettingsReader, SettingsValidationResponse, settingsVerdict, isQualifiedName } from "../../../sdk/assembly";

const KNOWN_SETTINGS = ["requiredLabels", "requiredAnnotations"];

export class Settings {
  constructor(public requiredLabels: string[], public requiredAnnotations: string[], public error: string | null) {}

  /** `strict` checks everything, for validate_settings; validate reads settings already checked. */
  static parse(json: JsonValue, strict: bool = false): Settings {
    const reader = new SettingsReader(json, KNOWN_SETTINGS, strict);
    const labels = reader.stringList("requiredLabels");
    const annotations = reader.stringList("requiredAnnotations");
    if (strict) {
      checkKeys(reader, "requiredLabels", labels);
      checkKeys(reader, "requiredAnnotations", annotations);
    }
    return new Settings(labels, annotations, reader.error);
  }
}

function checkKeys(reader: SettingsReader, setting: string, keys: string[]): void {
  for (let i = 0; i < keys.length; i++) {
    if (!isQualifiedName(keys[i])) {
      reader.fail(setting + "[" + i.toString() + "] '" + keys[i] + "' is not a valid key: use an optional DNS subdomain prefix and '/', then a name of at most 63 characters that starts and ends with a letter or digit");
      return;
    }
  }
}

export function validateSettings(json: JsonValue): SettingsValidationResponse {
  return settingsVerdict(Settings.parse(json, true).error);
}
