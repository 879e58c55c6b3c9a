import { SettingsReader, elementPath, isLinuxCapability, normaliseCapability } from "@wardenkit/sdk";

export class Settings {
  constructor(
    readonly enforceRunAsNonRoot: bool,
    /** Normalised: upper case, without the CAP_ prefix. */
    readonly allowedCapabilities: string[],
    readonly mutate: bool,
  ) {}

  allows(capability: string): bool {
    return this.allowedCapabilities.includes(normaliseCapability(capability));
  }
}

export function parseSettings(reader: SettingsReader): Settings {
  const enforce = reader.bool("enforceRunAsNonRoot", true);
  const names = reader.stringList("allowedCapabilities");
  const mutate = reader.bool("mutate", false);
  const allowed = new Array<string>();
  for (let i = 0; i < names.length; i++) {
    if (reader.strict && !isLinuxCapability(names[i])) {
      reader.fail(elementPath("allowedCapabilities", i) + " '" + names[i] + "' is not a Linux capability name, such as NET_BIND_SERVICE or CAP_NET_BIND_SERVICE");
      break;
    }
    allowed.push(normaliseCapability(names[i]));
  }
  // Mutation only ever sets runAsNonRoot, which this setting turns off.
  if (mutate && !enforce) reader.fail("mutate: true needs enforceRunAsNonRoot: true, since the only fix the policy applies is runAsNonRoot: true");
  return new Settings(enforce, allowed, mutate);
}
