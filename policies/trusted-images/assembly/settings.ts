import { SettingsReader, equalsIgnoreAsciiCase } from "@wardenkit/sdk";

/** The public keys that must sign the images one `verifySignatures` pattern matches. */
export class SignatureRule {
  constructor(readonly pattern: string, readonly pubKeys: string[]) {}

  /** `registry/repository*` matches by prefix; anything else matches the repository exactly. */
  matches(name: string): bool {
    const pattern = this.pattern;
    if (pattern.endsWith("*")) return name.startsWith(pattern.substring(0, pattern.length - 1));
    return name == pattern;
  }
}

export class Settings {
  constructor(
    readonly allowedRegistries: string[],
    readonly rejectLatest: bool,
    readonly pinDigests: bool,
    readonly signatureRules: SignatureRule[],
  ) {}

  allowsRegistry(domain: string): bool {
    for (let i = 0; i < this.allowedRegistries.length; i++) {
      if (equalsIgnoreAsciiCase(this.allowedRegistries[i], domain)) return true;
    }
    return false;
  }

  /** The first rule whose pattern matches the repository `name` (`registry/path`), or null. */
  signatureRuleFor(name: string): SignatureRule | null {
    for (let i = 0; i < this.signatureRules.length; i++) {
      if (this.signatureRules[i].matches(name)) return this.signatureRules[i];
    }
    return null;
  }
}

/** Every setting is read here; the SDK refuses any other in validate_settings. */
export function parseSettings(reader: SettingsReader): Settings {
  const registries = reader.stringList("allowedRegistries");
  const rejectLatest = reader.bool("rejectLatest", true);
  const pinDigests = reader.bool("pinDigests", false);
  const entries = reader.entries("verifySignatures", "an object like {\"pubKeys\": [\"-----BEGIN PUBLIC KEY-----...\"]}");
  const rules = new Array<SignatureRule>();
  for (let i = 0; i < entries.length; i++) {
    const keys = entries[i].stringList("pubKeys");
    if (reader.strict && keys.length == 0) {
      reader.fail("verifySignatures." + entries[i].name + ".pubKeys must list at least one public key");
      break;
    }
    rules.push(new SignatureRule(entries[i].name, keys));
  }
  if (reader.strict && registries.length == 0 && reader.ok) {
    reader.fail("allowedRegistries must list at least one registry, such as docker.io or ghcr.io; without one every image is refused");
  }
  return new Settings(registries, rejectLatest, pinDigests, rules);
}
