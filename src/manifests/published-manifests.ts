// After `wardenkit publish` pushes a module, writes dist/manifests/<policy>.yaml: a
// ClusterAdmissionPolicy pinned to the pushed digest, ready for kubectl apply.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { policySource, readPolicySettings } from "../build/policies.ts";
import type { PublishedPolicy } from "../oci/publish.ts";
import { PROJECT_ROOT } from "../project.ts";
import { ManifestError } from "./manifest-error.ts";
import { manifestText } from "./manifest-text.ts";
import { manifestForModule } from "./module-manifest.ts";
import { DEFAULT_MODE, DEFAULT_POLICY_SERVER } from "./policy-manifest.ts";

export const MANIFESTS_SUBDIR = "manifests";

/** policies/<policy>/settings.yml: the settings a published policy is deployed with. */
export function deploySettings(policy: string, root = PROJECT_ROOT): unknown {
  try {
    return readPolicySettings(policySource(root, policy));
  } catch (err) {
    throw new ManifestError((err as Error).message);
  }
}

export function publishedManifestWriter(distDir: string, root = PROJECT_ROOT): (published: PublishedPolicy) => Promise<void> {
  return async (published) => {
    const settings = deploySettings(published.policy, root);
    const manifest = await manifestForModule(published.wasmPath, {
      kind: "ClusterAdmissionPolicy",
      name: published.policy,
      module: published.reference,
      settings,
      mode: DEFAULT_MODE,
      policyServer: DEFAULT_POLICY_SERVER,
    }).catch((err: Error) => {
      throw new ManifestError(`${published.policy} was pushed but its manifest was not written: ${err.message} (settings come from ${policySource(root, published.policy).settingsFile})`);
    });
    const dir = join(distDir, MANIFESTS_SUBDIR);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${published.policy}.yaml`), manifestText(manifest));
  };
}
