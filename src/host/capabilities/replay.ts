// kwctl record/replay session files: a YAML list of exchanges,
// each a tagged request (itself YAML text) and a Success payload or an Error.
// Exchanges are consumed in order; a request that differs from the recorded
// one is an error, so a test notices when a policy asks something new.
import { readTextFile } from "../../io/text-file.ts";
import type { Type } from "js-yaml";
import { jsYaml, parseYaml, YamlError } from "../../io/yaml-on-demand.ts";
import { HostCallError } from "../guest.ts";
import { replayTags } from "./registry.ts";

/** waPC namespace/operation → the request tag kwctl writes, from each capability's entry. */
const TAGS = replayTags();

interface Exchange {
  tag: string;
  request: unknown;
  response: { type: "Success"; payload: string } | { type: "Error"; message: string };
}

// Tags with a slash name, by their path, the calls kwctl's tags do not yet map; a recorded session holds them so.
const TAG_NAMES = [...new Set(Object.values(TAGS).concat(
  "SigstorePubKeyVerify", "SigstoreKeylessVerify", "SigstoreKeylessPrefixVerify", "SigstoreGithubActionsVerify", "SigstoreCertificateVerify",
))];

let taggedNodes: Type[] | undefined;

/** Every `!Tag` (on a mapping or a scalar) becomes `{ $tag: "Tag", value }`. */
function tagTypes(): Type[] {
  const { Type: YamlType } = jsYaml();
  taggedNodes ??= TAG_NAMES.flatMap((name) =>
    (["mapping", "scalar"] as const).map((kind) => new YamlType(`!${name}`, { kind, construct: (value: unknown) => ({ $tag: name, value }) })),
  );
  return taggedNodes;
}

/** Absent and null fields compare alike, as serde's Option does. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  return value;
}

/** An exchange's request: YAML text of its own, with kwctl's tags. */
function parseRequest(text: string, where: string): { $tag?: string; value?: unknown } | undefined {
  try {
    return parseYaml(text, tagTypes()) as { $tag?: string; value?: unknown } | undefined;
  } catch (err) {
    throw err instanceof YamlError ? new Error(err.about(`${where}: request`)) : err;
  }
}

export class ReplaySession {
  private next = 0;
  private constructor(private readonly exchanges: Exchange[], readonly source: string) {}

  static fromFile(path: string): ReplaySession {
    return ReplaySession.fromText(readTextFile(path), path);
  }

  static fromText(text: string, source = "session"): ReplaySession {
    let list: unknown;
    try {
      list = parseYaml(text);
    } catch (err) {
      throw err instanceof YamlError ? new Error(err.about(source)) : err;
    }
    if (!Array.isArray(list)) throw new Error(`${source}: a replay session is a YAML list of exchanges`);
    const exchanges = list.map((entry, i) => {
      const where = `${source}: exchange ${i + 1}`;
      const raw = typeof entry?.request === "string" ? parseRequest(entry.request, where) : entry?.request;
      if (!raw || typeof raw !== "object" || !("$tag" in raw)) throw new Error(`${where}: request has no !Tag`);
      const response = entry?.response;
      if (response?.type === "Success" && typeof response.payload === "string") return { tag: raw.$tag, request: raw.value, response };
      if (response?.type === "Error" && typeof response.message === "string") return { tag: raw.$tag, request: raw.value, response };
      throw new Error(`${where}: response must be {type: Success, payload} or {type: Error, message}`);
    });
    return new ReplaySession(exchanges as Exchange[], source);
  }

  get remaining(): number {
    return this.exchanges.length - this.next;
  }

  /** Answers the next host call from the session. */
  answer(namespace: string, operation: string, payload: Uint8Array): Uint8Array {
    return this.answerTagged(TAGS[`${namespace}/${operation}`] ?? `${namespace}/${operation}`, JSON.parse(new TextDecoder().decode(payload)));
  }

  /** Answers the next host call, `request` as kwctl's session holds it under `tag`, from the session. */
  answerTagged(tag: string, request: unknown): Uint8Array {
    const exchange = this.exchanges[this.next];
    if (!exchange) throw new HostCallError(`replay session ${this.source} has no exchange left for ${tag}`);
    const expected = JSON.stringify(normalise(exchange.request));
    const actual = JSON.stringify(normalise(request));
    if (exchange.tag !== tag || expected !== actual) {
      throw new HostCallError(
        `replay session ${this.source}, exchange ${this.next + 1}: recorded !${exchange.tag} ${expected}, policy sent !${tag} ${actual}`,
      );
    }
    this.next++;
    if (exchange.response.type === "Error") throw new HostCallError(exchange.response.message);
    return new TextEncoder().encode(exchange.response.payload);
  }
}
