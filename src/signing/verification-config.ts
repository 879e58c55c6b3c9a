// Kubewarden's verification config (policy-fetcher's `verify/config.rs`, apiVersion v1):
// `allOf`, a list of signatures that must all be present, and `anyOf`, a list of which at
// least `minimumMatches` must be. A signature is a public key (`pubKey`), a keyless identity
// from any OIDC issuer (`genericIssuer`) or a GitHub Actions workflow (`githubAction`), each
// with optional annotations. Parsed strictly, as policy-fetcher does (unknown fields refused),
// and more strictly where a config would otherwise accept any module: no empty lists, no
// `minimumMatches` of 0 or above the number of signatures listed.
import type { KeyObject } from "node:crypto";
import type { YAMLMap } from "yaml";
import { fileErrorReason, readTextFile } from "../io/text-file.ts";
import { ConfigError, ConfigReader } from "./config-reader.ts";
import { parsePublicKey } from "./key-pair.ts";
import { SigningError } from "./signing-errors.ts";

export const VERIFICATION_CONFIG_API_VERSION = "v1";
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

interface RuleBase {
  /** Where the rule is: `allOf[0]`, `anyOf.signatures[1]`. */
  path: string;
  line: number;
  /** Required in the signed payload's `optional`, with these values. */
  annotations?: Record<string, string>;
}

export interface PubKeyRule extends RuleBase {
  kind: "pubKey";
  owner?: string;
  /** The PEM text as written. */
  key: string;
  publicKey: KeyObject;
}

export type SubjectMatch = { equal: string } | { urlPrefix: string };

export interface GenericIssuerRule extends RuleBase {
  kind: "genericIssuer";
  issuer: string;
  subject: SubjectMatch;
}

export interface GithubActionRule extends RuleBase {
  kind: "githubAction";
  owner: string;
  repo?: string;
}

export type SignatureRule = PubKeyRule | GenericIssuerRule | GithubActionRule;
export type KeylessRule = GenericIssuerRule | GithubActionRule;

export interface VerificationConfig {
  /** The file (or the name given to the text) the rules came from. */
  source: string;
  allOf: SignatureRule[];
  anyOf?: { minimumMatches: number; signatures: SignatureRule[] };
}

const RULE_FIELDS = {
  pubKey: ["kind", "owner", "key", "annotations"],
  genericIssuer: ["kind", "issuer", "subject", "annotations"],
  githubAction: ["kind", "owner", "repo", "annotations"],
} as const;

/** `urlPrefix` ends with `/`, as policy-fetcher makes it, so `https://github.com/acme` does not match `acme-evil`. */
function urlPrefix(reader: ConfigReader, node: unknown, path: string): string {
  const text = reader.string(node, path);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return reader.fail(node, path, `'${text}' is not a URL`);
  }
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

function subjectOf(reader: ConfigReader, rule: YAMLMap, path: string): SubjectMatch {
  const node = reader.field(rule, "subject");
  if (node === undefined) reader.fail(rule, path, "the field subject is missing (equal: or urlPrefix:)");
  const subject = reader.map(node, `${path}.subject`, ["equal", "urlPrefix"]);
  const equal = reader.field(subject, "equal");
  const prefix = reader.field(subject, "urlPrefix");
  if ((equal === undefined) === (prefix === undefined)) reader.fail(subject, `${path}.subject`, "must have exactly one of equal and urlPrefix");
  return equal !== undefined ? { equal: reader.string(equal, `${path}.subject.equal`) } : { urlPrefix: urlPrefix(reader, prefix, `${path}.subject.urlPrefix`) };
}

function pubKeyRule(reader: ConfigReader, rule: YAMLMap, base: RuleBase): PubKeyRule {
  const keyNode = reader.field(rule, "key");
  if (keyNode === undefined) reader.fail(rule, base.path, "the field key is missing (a PEM public key)");
  const key = reader.string(keyNode, `${base.path}.key`);
  let publicKey: KeyObject;
  try {
    publicKey = parsePublicKey(key, `${base.path}.key`);
  } catch (err) {
    return reader.fail(keyNode, "", (err as Error).message);
  }
  const owner = reader.field(rule, "owner");
  return { ...base, kind: "pubKey", key, publicKey, ...(owner !== undefined ? { owner: reader.string(owner, `${base.path}.owner`) } : {}) };
}

function ruleOf(reader: ConfigReader, node: unknown, path: string): SignatureRule {
  const kinds = Object.keys(RULE_FIELDS) as (keyof typeof RULE_FIELDS)[];
  const kindNode = reader.map(node, path, ["kind", ...new Set(Object.values(RULE_FIELDS).flat())]).get("kind", true);
  const kind = kindNode === undefined ? reader.fail(node, path, `the field kind is missing (${kinds.join(", ")})`) : reader.string(kindNode, `${path}.kind`);
  if (!kinds.includes(kind as keyof typeof RULE_FIELDS)) reader.fail(kindNode, `${path}.kind`, `unknown kind ${kind}; expected ${kinds.join(", ")}`);
  const rule = reader.map(node, path, RULE_FIELDS[kind as keyof typeof RULE_FIELDS]);
  const annotationsNode = reader.field(rule, "annotations");
  const base: RuleBase = { path, line: reader.lineOf(node), ...(annotationsNode ? { annotations: reader.stringMap(annotationsNode, `${path}.annotations`) } : {}) };
  if (kind === "pubKey") return pubKeyRule(reader, rule, base);
  if (kind === "genericIssuer") return { ...base, kind, issuer: reader.requiredString(rule, "issuer", path), subject: subjectOf(reader, rule, path) };
  const repo = reader.field(rule, "repo");
  return { ...base, kind: "githubAction", owner: reader.requiredString(rule, "owner", path), ...(repo !== undefined ? { repo: reader.string(repo, `${path}.repo`) } : {}) };
}

function anyOfOf(reader: ConfigReader, node: unknown): VerificationConfig["anyOf"] {
  const anyOf = reader.map(node, "anyOf", ["minimumMatches", "signatures"]);
  const listNode = reader.field(anyOf, "signatures");
  if (listNode === undefined) reader.fail(anyOf, "anyOf", "the field signatures is missing");
  const signatures = reader.list(listNode, "anyOf.signatures").map((n, i) => ruleOf(reader, n, `anyOf.signatures[${i}]`));
  const minimumNode = reader.field(anyOf, "minimumMatches");
  const minimum = minimumNode === undefined ? 1 : (minimumNode as { value?: unknown }).value;
  if (!Number.isInteger(minimum) || (minimum as number) < 1) reader.fail(minimumNode, "anyOf.minimumMatches", "must be a whole number of at least 1");
  if ((minimum as number) > signatures.length) {
    reader.fail(minimumNode, "anyOf.minimumMatches", `is ${minimum}, more than the ${signatures.length} signatures anyOf lists: no module could satisfy it`);
  }
  return { minimumMatches: minimum as number, signatures };
}

/** A verification config from its text; `source` names it in messages. */
export function parseVerificationConfig(text: string, source: string): VerificationConfig {
  const reader = ConfigReader.parse(text, source);
  const top = reader.map(reader.root, "", ["apiVersion", "allOf", "anyOf"]);
  const version = reader.field(top, "apiVersion");
  if (version === undefined) reader.fail(top, "", `apiVersion: ${VERIFICATION_CONFIG_API_VERSION} is missing`);
  if (reader.string(version, "apiVersion") !== VERIFICATION_CONFIG_API_VERSION) {
    reader.fail(version, "apiVersion", `${(version as { value?: unknown }).value} is not a supported version; the only one is ${VERIFICATION_CONFIG_API_VERSION}`);
  }
  const allOfNode = reader.field(top, "allOf");
  const anyOfNode = reader.field(top, "anyOf");
  if (allOfNode === undefined && anyOfNode === undefined) reader.fail(top, "", "names no signatures: it needs allOf, anyOf or both");
  const allOf = allOfNode === undefined ? [] : reader.list(allOfNode, "allOf").map((n, i) => ruleOf(reader, n, `allOf[${i}]`));
  return { source, allOf, ...(anyOfNode !== undefined ? { anyOf: anyOfOf(reader, anyOfNode) } : {}) };
}

export function readVerificationConfig(file: string): VerificationConfig {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (err) {
    throw new SigningError(`cannot read the verification config ${file}: ${fileErrorReason(err)}`);
  }
  return parseVerificationConfig(text, file);
}

/** Every rule of a config, allOf first. */
export function configRules(config: VerificationConfig): SignatureRule[] {
  return [...config.allOf, ...(config.anyOf?.signatures ?? [])];
}

export { ConfigError };
