// The SARIF 2.1.0 JSON schema (the OASIS one, as @microsoft/jest-sarif ships it: draft-04,
// hence ajv-draft-04), with its uri and date-time formats checked: what a SARIF log must be.
import { createRequire } from "node:module";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const SCHEMA = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json") as object;

// unicodeRegExp off: the schema's language pattern has a stray `]` that unicode mode refuses.
// Both are CommonJS modules whose export is also their `default`, which is how NodeNext types them.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(SCHEMA);

/** What is wrong with `log` as SARIF 2.1.0, one line per problem; empty when nothing is. */
export function sarifProblems(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
}
