// The other side of the VAP conformance test: a corpus entry compiled by `wardenkit vap`'s own
// path (src/vap: plan, compile, policy folder, build, manifest) into a project of its own, and
// the API server's requests evaluated by that manifest as `wardenkit check` and suites evaluate
// one (src/policyset: matching, match conditions, the module through the host).
import { cpSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import { ClusterState } from "../../src/host/capabilities/cluster-state.ts";
import { ModuleResolver } from "../../src/modules/module-resolver.ts";
import { evaluatePolicy } from "../../src/policyset/evaluate.ts";
import { JudgedRequest } from "../../src/policyset/judged-request.ts";
import { Namespaces } from "../../src/policyset/namespaces.ts";
import { loadPolicy, type LoadedPolicy } from "../../src/policyset/policy-set.ts";
import type { PolicyObject } from "../../src/manifests/policy-documents.ts";
import { readProject, type Project } from "../../src/project/project.ts";
import { bindVaps } from "../../src/vap/bind-vaps.ts";
import type { VapCompiler } from "../../src/vap/folder-files.ts";
import { prepareVapPolicy, writeVapPolicy } from "../../src/vap/vap-policy.ts";
import type { CorpusEntry } from "./vap-corpus.ts";
import type { Observation, Outcome } from "./vap-oracle.ts";
import { PROJECT } from "./project.ts";


/**
 * The project the corpus is compiled into: kept in build/vap-conformance between runs, so the
 * incremental build compiles again only the policies whose generated sources changed.
 */
export function corpusProject(): Project {
  const root = join(PROJECT.root, "build", "vap-conformance");
  mkdirSync(root, { recursive: true });
  for (const entry of ["package.json", "asconfig.json"]) cpSync(join(PROJECT.root, entry), join(root, entry));
  if (!existsSync(join(root, "node_modules"))) symlinkSync(join(PROJECT.root, "node_modules"), join(root, "node_modules"), "dir");
  return readProject(root);
}

/** The entry's policy as `wardenkit vap` writes it, loaded as `check` loads a manifest; or why it was not compiled. */
export async function compileEntry(entry: CorpusEntry, project: Project, compile: VapCompiler): Promise<LoadedPolicy | { refused: string }> {
  const [bound] = bindVaps(entry.inputs);
  let written;
  try {
    written = await writeVapPolicy(prepareVapPolicy(bound, compile), { project, manifestDir: join(project.root, "manifests"), force: true });
  } catch (err) {
    return { refused: (err as Error).message };
  }
  // The manifest names the module where the project would publish it; here it is the build.
  const resolver = new ModuleResolver({ aliases: { [String(written.manifest.spec.module)]: written.plan.name }, distDir: project.folders.dist });
  return loadPolicy(written.manifest as PolicyObject, written.manifestPath, resolver);
}

/** What the policy answers to the request the API server answered. */
export function evaluateObserved(policy: LoadedPolicy, observation: Observation, namespace: KubernetesObject): Outcome {
  // The namespace is the one object of the cluster the policy may read (namespaceObject).
  const context = { namespaces: new Namespaces([namespace]), capabilities: () => ({ kubernetes: new ClusterState([namespace]) }), controllerNamespace: "kubewarden" };
  const verdict = evaluatePolicy(policy, new JudgedRequest(observation.request), context, observation.description);
  if (verdict.result === "pass" || verdict.result === "skip") return { allowed: true };
  return { allowed: false, code: verdict.code, message: verdict.message };
}
