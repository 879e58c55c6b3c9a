import { SettingsReader, elementPath } from "@wardenkit/sdk";

export const DEFAULT_SIZE_PATH = "spec.parameters.size";

export class Settings {
  constructor(readonly allowedSizes: string[], readonly sizePath: string) {}

  allows(size: string): bool {
    return this.allowedSizes.includes(size);
  }
}

export function parseSettings(reader: SettingsReader): Settings {
  const sizes = reader.stringList("allowedSizes");
  if (reader.ok && sizes.length == 0) reader.fail("allowedSizes is required: list the sizes claims may ask for, e.g. [\"small\", \"medium\"]");
  for (let i = 0; i < sizes.length && reader.ok; i++) {
    if (sizes[i].length == 0) reader.fail(elementPath("allowedSizes", i) + " is empty");
  }
  const sizePath = reader.string("sizePath", DEFAULT_SIZE_PATH);
  if (reader.strict && reader.ok && !isDottedPath(sizePath)) reader.fail("sizePath '" + sizePath + "' must be dot-separated field names, e.g. spec.parameters.size");
  return new Settings(sizes, sizePath);
}

function isDottedPath(path: string): bool {
  const parts = path.split(".");
  for (let i = 0; i < parts.length; i++) if (parts[i].length == 0) return false;
  return true;
}
