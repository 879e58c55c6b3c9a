import { SettingsReader, SettingsEntry, equalsIgnoreAsciiCase } from "@wardenkit/sdk";
import { SignatureRule, SignerKind } from "./signature-rule";

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

const SIGNER_KEYS = "pubKeys, keyless, keylessPrefix or githubActions";

/** The one kind of signer an entry names; `SignerKind.None` (after a failure) when it names none or several. */
function signerKindOf(entry: SettingsEntry): SignerKind {
  let kind = SignerKind.None;
  let count = 0;
  if (entry.has("pubKeys")) { kind = SignerKind.PubKeys; count++; }
  if (entry.has("keyless")) { kind = SignerKind.Keyless; count++; }
  if (entry.has("keylessPrefix")) { kind = SignerKind.KeylessPrefix; count++; }
  if (entry.has("githubActions")) { kind = SignerKind.GithubActions; count++; }
  if (count == 1) return kind;
  if (entry.strict) entry.fail(entry.path + " must set exactly one of " + SIGNER_KEYS);
  return SignerKind.None;
}

/** Fails unless `value` is set; `what` completes "<path> must ...". */
function requireSet(reader: SettingsReader, key: string, set: bool, what: string): void {
  if (reader.strict && !set) reader.fail(reader.pathOf(key) + " must " + what);
}

/** One `verifySignatures` entry: its pattern and the signers it trusts. */
function parseRule(entry: SettingsEntry): SignatureRule {
  const kind = signerKindOf(entry);
  if (kind == SignerKind.PubKeys) {
    const keys = entry.stringList("pubKeys");
    requireSet(entry, "pubKeys", keys.length > 0, "list at least one public key");
    return new SignatureRule(entry.name, kind, "", keys);
  }
  if (kind == SignerKind.GithubActions) {
    const github = entry.object("githubActions");
    const owner = github.string("owner", "");
    requireSet(github, "owner", owner.length > 0, "name the GitHub user or organisation whose workflows sign");
    const repo = github.string("repo", "");
    return new SignatureRule(entry.name, kind, owner, repo.length > 0 ? [repo] : []);
  }
  if (kind == SignerKind.None) return new SignatureRule(entry.name, kind, "", []);
  const prefix = kind == SignerKind.KeylessPrefix;
  const keyless = entry.object(prefix ? "keylessPrefix" : "keyless");
  const issuer = keyless.string("issuer", "");
  requireSet(keyless, "issuer", issuer.length > 0, "name the OIDC issuer, such as https://token.actions.githubusercontent.com");
  const listKey = prefix ? "urlPrefixes" : "subjects";
  const values = keyless.stringList(listKey);
  requireSet(keyless, listKey, values.length > 0, prefix ? "list at least one URL prefix" : "list at least one certificate subject");
  return new SignatureRule(entry.name, kind, issuer, values);
}

/** Every setting is read here; the SDK refuses any other in validate_settings. */
export function parseSettings(reader: SettingsReader): Settings {
  const registries = reader.stringList("allowedRegistries");
  const rejectLatest = reader.bool("rejectLatest", true);
  const pinDigests = reader.bool("pinDigests", false);
  const entries = reader.entries("verifySignatures", "an object like {\"pubKeys\": [\"-----BEGIN PUBLIC KEY-----...\"]}");
  const rules = new Array<SignatureRule>();
  for (let i = 0; i < entries.length && reader.ok; i++) rules.push(parseRule(entries[i]));
  if (reader.strict && registries.length == 0 && reader.ok) {
    reader.fail("allowedRegistries must list at least one registry, such as docker.io or ghcr.io; without one every image is refused");
  }
  return new Settings(registries, rejectLatest, pinDigests, rules);
}
