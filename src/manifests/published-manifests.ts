// After `wardenkit publish` pushes a module, writes dist/manifests/<policy>.yaml: a
// ClusterAdmissionPolicy pinned to the pushed digest, ready for kubectl apply.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PublishedPolicy } from "../oci/publish.ts";
import type { Project } from "../project/project.ts";
import { readDocument } from "../testing/inputs.ts";
import { ManifestError } from "./manifest-error.ts";
import { manifestText } from "./manifest-text.ts";
import { manifestForModule } from "./module-manifest.ts";
import { DEFAULT_MODE, DEFAULT_POLICY_SERVER } from "./policy-manifest.ts";

/** deploy/settings/: <policy>.yaml there holds the settings a published policy is deployed with. */
export function deploySettingsDir(project: Project): string {
  return join(project.folders.deploy, "settings");
}
export const MANIFESTS_SUBDIR = "manifests";

/** Where `wardenkit publish` writes the manifests of the policies it pushed. */
export function publishedManifestsDir(distDir: string): string {
  return join(distDir, MANIFESTS_SUBDIR);
}

export function deploySettings(policy: string, settingsDir: string): unknown {
  const path = join(settingsDir, `${policy}.yaml`);
  if (!existsSync(path)) return {};
  try {
    return readDocument(path) ?? {};
  } catch (err) {
    throw new ManifestError((err as Error).message);
  }
}

export function publishedManifestWriter(distDir: string, settingsDir: string): (published: PublishedPolicy) => Promise<void> {
  return async (published) => {
    const manifest = await manifestForModule(published.wasmPath, {
      kind: "ClusterAdmissionPolicy",
      name: published.policy,
      module: published.reference,
      settings: deploySettings(published.policy, settingsDir),
      mode: DEFAULT_MODE,
      policyServer: DEFAULT_POLICY_SERVER,
    }).catch((err: Error) => {
      throw new ManifestError(`${published.policy} was pushed but its manifest was not written: ${err.message} (settings come from ${join(settingsDir, `${published.policy}.yaml`)})`);
    });
    const dir = publishedManifestsDir(distDir);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${published.policy}.yaml`), manifestText(manifest));
  };
}
