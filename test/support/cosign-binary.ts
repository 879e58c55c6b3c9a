// The real cosign binary for interoperability tests: WARDENKIT_COSIGN, else the per-machine build.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export async function cosignBinary(): Promise<string> {
  const candidates = [process.env.WARDENKIT_COSIGN, join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "wardenkit", "cosign-v2.6.5", "cosign"), "/tmp/cosign-warm/bin/cosign"];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error("cosign is not built: set WARDENKIT_COSIGN");
  return found;
}
