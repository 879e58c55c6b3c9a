// A set of Kubewarden policies as a cluster holds them: ClusterAdmissionPolicy,
// AdmissionPolicy and their groups, each checked against its CRD schema, its module
// loaded (once per distinct module) and its settings accepted by validate_settings, as a
// policy-server requires before it starts.
import { dirname } from "node:path";
import { isGroupKind } from "../kubewarden/policy-kinds.ts";
import { readPolicyDocuments, type PolicyObject } from "../manifests/policy-documents.ts";
import { PolicyEvaluator } from "../host/evaluator.ts";
import type { PolicyModule } from "../host/policy-module.ts";
import { validatePolicyManifest } from "../manifests/crd-schema.ts";
import { webhookRuleProblem } from "../manifests/webhook-rules.ts";
import type { ContextAwareResource, PolicyRule } from "../wasm/policy-metadata.ts";
import { compileGroupExpression, GroupExpressionError, memberNameProblem, type GroupExpression } from "../cel/group-expression.ts";
import { selectorProblem, type LabelSelector } from "./label-selector.ts";
import { compileConditions, type CompiledCondition, type MatchConditionSpec } from "./match-conditions.ts";
import type { ModuleResolver } from "../modules/module-resolver.ts";
import { SuiteError } from "./suite-error.ts";

/** Where a policy's modules come from: a resolver, or modules already fetched (an audit's evaluating threads). */
export type ModuleSource = Pick<ModuleResolver, "load">;

export interface PolicyMember {
  name: string;
  evaluator: PolicyEvaluator;
  settings: unknown;
  /** What the member may read from the cluster; policy-server grants nothing else. */
  contextAwareResources: ContextAwareResource[];
}

export interface LoadedPolicy {
  kind: string;
  name: string;
  namespace?: string;
  /** How suites name it in results: `name`, or `namespace/name` for namespaced kinds. */
  key: string;
  /** `clusterwide-<name>`, `namespaced-<ns>-<name>`, `clusterwide-group-<name>`…, as the controller names webhooks. */
  uniqueName: string;
  source: string;
  rules: PolicyRule[];
  mode: "protect" | "monitor";
  failurePolicy: "Fail" | "Ignore";
  mutating: boolean;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  allowInsideAdmissionControllerNamespace: boolean;
  conditions: CompiledCondition[];
  /** spec.message: a policy's custom rejection, a group's rejection. */
  message?: string;
  /** A policy has one member (itself); a group several and an expression. */
  members: PolicyMember[];
  expression?: GroupExpression;
}

const NAMESPACED = new Set(["AdmissionPolicy", "AdmissionPolicyGroup"]);

export function describeLoaded(policy: Pick<LoadedPolicy, "kind" | "key">): string {
  return `${policy.kind} ${policy.key}`;
}

function uniqueName(kind: string, name: string, namespace?: string): string {
  const group = isGroupKind(kind) ? "group-" : "";
  return namespace ? `namespaced-${group}${namespace}-${name}` : `clusterwide-${group}${name}`;
}

async function member(resolver: ModuleSource, name: string, spec: Record<string, unknown>, where: string, contextAware: ContextAwareResource[], manifestDir?: string): Promise<PolicyMember> {
  const module: PolicyModule = await resolver.load(String(spec.module), where, manifestDir);
  const evaluator = new PolicyEvaluator(module);
  const settings = spec.settings ?? {};
  const verdict = evaluator.validateSettings(settings);
  if (!verdict.valid) throw new SuiteError(`${where}: Policy settings are invalid: ${verdict.message ?? "no message"} (a policy-server would not start)`);
  return { name, evaluator, settings, contextAwareResources: contextAware };
}

function checkRules(rules: PolicyRule[], where: string): PolicyRule[] {
  rules.forEach((rule, i) => {
    const problem = webhookRuleProblem(rule);
    if (problem) throw new SuiteError(`${where}: spec.rules[${i}].${problem}; the API server refuses such a webhook, so the policy would never see a request`);
  });
  return rules;
}

function checkSelector(selector: LabelSelector | undefined, field: string, where: string): LabelSelector | undefined {
  const problem = selectorProblem(selector);
  if (problem) throw new SuiteError(`${where}: spec.${field}: ${problem}`);
  return selector && (Object.keys(selector.matchLabels ?? {}).length || selector.matchExpressions?.length) ? selector : undefined;
}

/** One manifest, already read; `source` names it, `manifestDir` is the folder of its file (if it has one). */
export async function loadPolicy(object: PolicyObject, source: string, resolver: ModuleSource, manifestDir?: string): Promise<LoadedPolicy> {
  const { kind } = object;
  const namespace = NAMESPACED.has(kind) ? object.metadata.namespace ?? "default" : undefined;
  const key = namespace ? `${namespace}/${object.metadata.name}` : object.metadata.name;
  const where = `${source}: ${kind} ${key}`;
  try {
    validatePolicyManifest(namespace ? { ...object, metadata: { ...object.metadata, namespace } } : object);
  } catch (err) {
    throw new SuiteError(`${where}: ${(err as Error).message}`);
  }
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const cluster = !namespace;
  const members = isGroupKind(kind)
    ? await Promise.all(Object.entries((spec.policies ?? {}) as Record<string, Record<string, unknown>>).map(([name, m]) => {
        const problem = memberNameProblem(name);
        if (problem) throw new SuiteError(`${where}: ${problem}`);
        return member(resolver, name, m, `${where}, member ${name}`, cluster ? (m.contextAwareResources as ContextAwareResource[] ?? []) : [], manifestDir);
      }))
    : [await member(resolver, object.metadata.name, spec, where, cluster ? (spec.contextAwareResources as ContextAwareResource[] ?? []) : [], manifestDir)];
  if (isGroupKind(kind) && members.length === 0) throw new SuiteError(`${where}: policy groups must have at least one policy member`);
  if (isGroupKind(kind) && !spec.message) throw new SuiteError(`${where}: spec.message must be non-empty`);
  return {
    kind,
    name: object.metadata.name,
    namespace,
    key,
    uniqueName: uniqueName(kind, object.metadata.name, namespace),
    source,
    rules: checkRules(spec.rules as PolicyRule[], where),
    mode: spec.mode === "monitor" ? "monitor" : "protect",
    failurePolicy: spec.failurePolicy === "Ignore" ? "Ignore" : "Fail",
    mutating: spec.mutating === true,
    namespaceSelector: checkSelector(spec.namespaceSelector as LabelSelector | undefined, "namespaceSelector", where),
    objectSelector: checkSelector(spec.objectSelector as LabelSelector | undefined, "objectSelector", where),
    allowInsideAdmissionControllerNamespace: spec.allowInsideAdmissionControllerNamespace === true,
    conditions: compileConditions(spec.matchConditions as MatchConditionSpec[] | undefined, where),
    message: typeof spec.message === "string" ? spec.message : undefined,
    members,
    expression: isGroupKind(kind) ? groupExpression(String(spec.expression ?? ""), members.map((m) => m.name), where) : undefined,
  };
}

function groupExpression(expression: string, members: string[], where: string): GroupExpression {
  try {
    return compileGroupExpression(expression, members, where);
  } catch (err) {
    throw err instanceof GroupExpressionError ? new SuiteError(err.message) : err;
  }
}

/** Every policy in manifest files and folders, plus inline manifests. */
export async function loadPolicySet(paths: string[], inline: { object: PolicyObject; source: string }[], resolver: ModuleResolver): Promise<LoadedPolicy[]> {
  let documents: { object: PolicyObject; source: string }[] = [];
  try {
    if (paths.length) documents = readPolicyDocuments(paths, "default");
  } catch (err) {
    throw new SuiteError((err as Error).message);
  }
  const policies = await Promise.all([
    ...documents.map((d) => loadPolicy(d.object, d.source, resolver, dirname(d.source))),
    ...inline.map((d) => loadPolicy(d.object, d.source, resolver)),
  ]);
  const seen = new Map<string, string>();
  for (const p of policies) {
    const id = describeLoaded(p);
    if (seen.has(id)) throw new SuiteError(`${p.source}: ${id} is defined twice (also in ${seen.get(id)})`);
    seen.set(id, p.source);
  }
  return policies;
}
