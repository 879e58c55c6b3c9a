import { JsonValue, SettingsReader, SettingsValidationResponse, settingsVerdict, isLinuxCapability, normaliseCapability } from "../../../sdk/assembly";

const KNOWN_SETTINGS = ["enforceRunAsNonRoot", "allowedCapabilities", "mutate"];

export class Settings {
  constructor(
    public enforceRunAsNonRoot: bool,
    /** Normalised: upper case, without the CAP_ prefix. */
    public allowedCapabilities: string[],
    public mutate: bool,
    public error: string | null,
  ) {}

  /** `strict` checks everything, for validate_settings; validate reads settings already checked. */
  static parse(json: JsonValue, strict: bool = false): Settings {
    const reader = new SettingsReader(json, KNOWN_SETTINGS, strict);
    const enforce = reader.bool("enforceRunAsNonRoot", true);
    const names = reader.stringList("allowedCapabilities");
    const mutate = reader.bool("mutate", false);
    const allowed = new Array<string>();
    for (let i = 0; i < names.length; i++) {
      if (strict && !isLinuxCapability(names[i])) {
        reader.fail("allowedCapabilities[" + i.toString() + "] '" + names[i] + "' is not a Linux capability name, such as NET_BIND_SERVICE or CAP_NET_BIND_SERVICE");
        break;
      }
      allowed.push(normaliseCapability(names[i]));
    }
    // Mutation only ever sets runAsNonRoot, which this setting turns off.
    if (mutate && !enforce) reader.fail("mutate: true needs enforceRunAsNonRoot: true, since the only fix the policy applies is runAsNonRoot: true");
    return new Settings(enforce, allowed, mutate, reader.error);
  }

  allows(capability: string): bool {
    return this.allowedCapabilities.includes(normaliseCapability(capability));
  }
}

export function validateSettings(json: JsonValue): SettingsValidationResponse {
  return settingsVerdict(Settings.parse(json, true).error);
}
