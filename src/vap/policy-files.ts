// The policy folder a compiled ValidatingAdmissionPolicy becomes: the same
// layout as every policy (docs/policy-folder.md), so it builds, tests and
// publishes as they do. The CEL is in assembly/validate.ts, one function per
// expression, each headed by the expression it came from.
import { dump } from "js-yaml";
import type { CodeUnit } from "./cel-codegen.ts";

export interface CompiledValidation {
  expressionText: string;
  func: string;
  message: string;
  messageExpression?: string;
  code: number;
}

export interface CompiledAnnotation {
  key: string;
  expressionText: string;
  func: string;
}

export interface PolicyParts {
  name: string;
  vap: Record<string, unknown>;
  unit: CodeUnit;
  validations: CompiledValidation[];
  annotations: CompiledAnnotation[];
  failClosed: boolean;
  variableCount: number;
  params?: object;
}

const vapName = (vap: Record<string, unknown>): string => String((vap.metadata as { name?: string } | undefined)?.name ?? "");

function validateTs(parts: PolicyParts): string {
  const entries = parts.validations.map(
    (v) => `  new cel.CelValidation(${JSON.stringify(v.expressionText)}, ${v.func}, ${JSON.stringify(v.message)}, ${v.messageExpression ?? "null"}, ${v.code}),`,
  );
  const annotations = parts.annotations.map((a) => `\n  new cel.CelAnnotation(${JSON.stringify(a.key)}, ${JSON.stringify(a.expressionText)}, ${a.func}),`).join("") + (parts.annotations.length > 0 ? "\n" : "");
  return [
    `// ValidatingAdmissionPolicy ${vapName(parts.vap)} compiled by \`wardenkit vap\`: each function below is one of`,
    "// its CEL expressions (named in the comment above it), judged by the CEL runtime of @wardenkit/sdk as kube-apiserver judges it.",
    'import { ValidationRequest, ValidationResponse } from "@wardenkit/sdk";',
    'import * as cel from "@wardenkit/sdk/assembly/cel/index";',
    'import { Settings } from "./settings";',
    "",
    parts.unit.declarations.join("\n\n"),
    "",
    `const POLICY = new cel.CelPolicy([\n${entries.join("\n")}\n], ${parts.failClosed}, ${parts.variableCount}, [${annotations}]);`,
    "",
    "export function validate(request: ValidationRequest, settings: Settings): ValidationResponse {",
    "  return cel.runPolicy(POLICY, request, settings.params);",
    "}",
    "",
  ].join("\n");
}

const SETTINGS_TS = `// The settings: \`params\`, the parameter object the policy's binding names (null when absent).
import { JsonValue, SettingsReader, mustBe } from "@wardenkit/sdk";

export class Settings {
  constructor(readonly params: JsonValue) {}
}

export function parseSettings(reader: SettingsReader): Settings {
  const params = reader.has("params") ? reader.settings.get("params") : JsonValue.missing();
  if (!params.isAbsent && !params.isObject) reader.fail(mustBe("params", "an object", params));
  return new Settings(params);
}
`;

const INDEX_TS = `// The policy's lifecycle: every operation is reviewed; which requests reach it is the manifest's rules.
import { definePolicy, ALL_OPERATIONS } from "@wardenkit/sdk";
import { Settings, parseSettings } from "./settings";
import { validate } from "./validate";

definePolicy<Settings>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
`;

interface ResourceRule {
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
  operations?: string[];
}

function metadataYml(parts: PolicyParts): string {
  const spec = parts.vap.spec as { matchConstraints?: { resourceRules?: ResourceRule[] } };
  const rules = (spec.matchConstraints?.resourceRules ?? []).map((r) => ({
    apiGroups: r.apiGroups ?? ["*"],
    apiVersions: r.apiVersions ?? ["*"],
    resources: r.resources ?? ["*"],
    operations: (r.operations ?? ["*"]).map((o) => (o === "*" ? "*" : o)),
  }));
  const metadata = {
    rules: rules.length > 0 ? rules : [{ apiGroups: ["*"], apiVersions: ["*"], resources: ["*"], operations: ["*"] }],
    mutating: false,
    backgroundAudit: true,
    // namespaceObject is read from the cluster, so the policy must be allowed to read Namespaces.
    contextAwareResources: parts.unit.readsNamespace ? [{ apiVersion: "v1", kind: "Namespace" }] : [],
    annotations: {
      "io.kubewarden.policy.title": parts.name,
      "io.kubewarden.policy.description": `ValidatingAdmissionPolicy ${vapName(parts.vap)} compiled to WebAssembly`,
    },
  };
  return `# The rules come from the ValidatingAdmissionPolicy's matchConstraints.resourceRules.\n${dump(metadata, { lineWidth: -1 })}`;
}

function readme(parts: PolicyParts): string {
  return [
    `# ${parts.name}`,
    "",
    `The ValidatingAdmissionPolicy \`${vapName(parts.vap)}\`, compiled by \`wardenkit vap\`. Its CEL is in`,
    "`assembly/validate.ts`, one function per expression; docs/vap.md says what the compiler supports.",
    "",
    "## Settings",
    "",
    "- `params`: the parameter object the policy's binding names (`params` in its expressions); absent reads as null.",
    "",
  ].join("\n");
}

/** The folder's files, by path relative to it. */
export function policyFiles(parts: PolicyParts): Record<string, string> {
  return {
    "assembly/index.ts": INDEX_TS,
    "assembly/settings.ts": SETTINGS_TS,
    "assembly/validate.ts": validateTs(parts),
    "metadata.yml": metadataYml(parts),
    "settings.yml": `# The settings this policy is deployed and tested with.\n${dump(parts.params === undefined ? {} : { params: parts.params }, { lineWidth: -1 })}`,
    "README.md": readme(parts),
  };
}
