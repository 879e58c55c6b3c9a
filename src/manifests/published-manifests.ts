// After `wardenkit publish` pushes a module, writes dist/manifests/<policy>.yaml: a
// ClusterAdmissionPolicy pinned to the pushed digest, ready for kubectl apply.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readPolicySettings } from "../project/policies.ts";
import type { PublishedPolicy } from "../oci/publish.ts";
import type { Project } from "../project/project.ts";
import { ManifestError } from "./manifest-error.ts";
import { manifestText } from "./manifest-text.ts";
import { manifestForModule } from "./module-manifest.ts";
import { DEFAULT_MODE, DEFAULT_POLICY_SERVER } from "./policy-manifest.ts";

export const MANIFESTS_SUBDIR = "manifests";

/** Where `wardenkit publish` writes the manifests of the policies it pushed. */
export function publishedManifestsDir(distDir: string): string {
  return join(distDir, MANIFESTS_SUBDIR);
}

/** policies/<policy>/settings.yml: the settings a published policy is deployed with. */
export function deploySettings(policy: string, project: Project): unknown {
  try {
    return readPolicySettings(project.policy(policy));
  } catch (err) {
    throw new ManifestError((err as Error).message);
  }
}

export function publishedManifestWriter(distDir: string, project: Project): (published: PublishedPolicy) => Promise<void> {
  return async (published) => {
    const settings = deploySettings(published.policy, project);
    const manifest = await manifestForModule(published.wasmPath, {
      kind: "ClusterAdmissionPolicy",
      name: published.policy,
      module: published.reference,
      settings,
      mode: DEFAULT_MODE,
      policyServer: DEFAULT_POLICY_SERVER,
    }).catch((err: Error) => {
      throw new ManifestError(`${published.policy} was pushed but its manifest was not written: ${err.message} (settings come from ${project.policy(published.policy).settingsFile})`);
    });
    const dir = publishedManifestsDir(distDir);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${published.policy}.yaml`), manifestText(manifest));
  };
}
