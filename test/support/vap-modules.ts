// ValidatingAdmissionPolicies compiled by compileVap, written as a policy folder of a
// throwaway project and built by the usual build into an evaluator.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { compileVap, type VapInput } from "../../src/vap/compile-vap.ts";
import { buildPolicy, type BuiltPolicy } from "../../src/build/build-policy.ts";
import { policyIn } from "../../src/project/policies.ts";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import type { AdmissionRequest } from "../../src/host/admission-request.ts";
import { projectCopy } from "./project-copy.ts";

export interface BuiltVap {
  evaluator: PolicyEvaluator;
  built: BuiltPolicy;
  files: Record<string, string>;
}

export async function buildVap(input: VapInput, name = "vap-policy"): Promise<BuiltVap> {
  const project = projectCopy("vap");
  const { files } = compileVap(input, { name });
  const dir = join(project.folders.policies, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const built = await buildPolicy(project, policyIn(project.folders.policies, name));
  return { evaluator: new PolicyEvaluator(await PolicyModule.fromBytes(built.bytes, name)), built, files };
}

/** A request for `object` (and `oldObject`), as Kubewarden passes it. */
export function requestFor(operation: AdmissionRequest["operation"], object: unknown, oldObject: unknown = null, extra: Partial<AdmissionRequest> = {}): AdmissionRequest {
  const meta = ((object ?? oldObject) as { metadata?: { name?: string; namespace?: string } } | null)?.metadata ?? {};
  return {
    uid: "0b8d7e5a-0000-4000-8000-000000000000",
    kind: { group: "apps", version: "v1", kind: "Deployment" },
    resource: { group: "apps", version: "v1", resource: "deployments" },
    name: meta.name,
    namespace: meta.namespace,
    operation,
    userInfo: { username: "alice", groups: ["system:authenticated"] },
    object: object ?? undefined,
    oldObject: oldObject ?? undefined,
    ...extra,
  };
}
