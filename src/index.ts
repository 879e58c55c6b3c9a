// wardenkit as a library (the package's "." export): the project, the build, the host
// that runs a module as policy-server does, the case runner, manifests and the registry
// client, the audit of a running cluster. The `wardenkit` command is built from the same parts.
export { findProject, readProject, distFolder, Project, ProjectError, type ProjectFolders } from "./project/project.ts";
export type { PolicySource } from "./project/policies.ts";
export { buildIfChanged, type BuildOutcome } from "./build/incremental-build.ts";
export { buildPolicy, BuildError, type BuiltPolicy } from "./build/build-policy.ts";
export { PolicyModule } from "./host/policy-module.ts";
export { PolicyEvaluator, type Evaluation, type SettingsVerdict } from "./host/evaluator.ts";
export { toAdmissionRequest } from "./host/admission-request.ts";
export { findCaseFiles, runCaseFile } from "./testing/run-cases.ts";
export type { CaseResult } from "./policyset/case-result.ts";
export { manifestForModule } from "./manifests/module-manifest.ts";
export { manifestText } from "./manifests/manifest-text.ts";
export { pushPolicy, type PushResult } from "./oci/push.ts";
export { pullPolicy, pullPolicyToFile, type PullOptions, type PulledModule, type PullResult } from "./oci/pull.ts";
export { redact } from "./io/redact.ts";
export { runAudit, type AuditOptions, type AuditRun, type AuditProgress } from "./audit/run-audit.ts";
export type { AuditResult, AuditOutcome, AuditedObject, AuditedPolicy } from "./audit/audit-result.ts";
export { main } from "./cli/main.ts";
