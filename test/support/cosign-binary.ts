// The real cosign for interoperability tests, built once per machine by scripts/install-cosign.sh.
import { homedir } from "node:os";
import { join } from "node:path";

export async function cosignBinary(): Promise<string> {
  return process.env.WARDENKIT_COSIGN ?? join(homedir(), ".cache", "wardenkit", "cosign-v2.6.5", "cosign");
}
