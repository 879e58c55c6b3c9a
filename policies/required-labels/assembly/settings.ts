import { SettingsReader, elementPath, isQualifiedName } from "@wardenkit/sdk";

export class Settings {
  constructor(readonly requiredLabels: string[], readonly requiredAnnotations: string[]) {}
}

export function parseSettings(reader: SettingsReader): Settings {
  const labels = reader.stringList("requiredLabels");
  const annotations = reader.stringList("requiredAnnotations");
  if (reader.strict) {
    checkKeys(reader, "requiredLabels", labels);
    checkKeys(reader, "requiredAnnotations", annotations);
  }
  return new Settings(labels, annotations);
}

function checkKeys(reader: SettingsReader, setting: string, keys: string[]): void {
  for (let i = 0; i < keys.length; i++) {
    if (!isQualifiedName(keys[i])) {
      reader.fail(elementPath(setting, i) + " '" + keys[i] + "' is not a valid key: use an optional DNS subdomain prefix and '/', then a name of at most 63 characters that starts and ends with a letter or digit");
      return;
    }
  }
}
