// What a keyless test runs against: the real docker-registry, the imitation Fulcio and Rekor
// (sigstore-services.ts), and their trust root written to a folder of the test's own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTrustRoot, type TrustRoot } from "../../src/signing/keyless/trust-root.ts";
import { startRegistry, type RunningRegistry } from "./registry.ts";
import { startSigstoreServices, type SigstoreServices, type TrustFiles } from "./sigstore-services.ts";

export interface KeylessTestbed {
  registry: RunningRegistry;
  sigstore: SigstoreServices;
  dir: string;
  files: TrustFiles;
  trustRoot: TrustRoot;
  stop(): Promise<void>;
}

/** Starts the registry and the imitation Sigstore together; `stop` stops both and removes the folder. */
export async function startKeylessTestbed(prefix: string): Promise<KeylessTestbed> {
  const [registry, sigstore] = await Promise.all([startRegistry(), startSigstoreServices()]);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const files = sigstore.writeTrustFiles(dir);
  return {
    registry, sigstore, dir, files,
    trustRoot: readTrustRoot(files.trustedRoot),
    async stop() {
      await Promise.all([registry.stop(), sigstore.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
