// Where the project's @wardenkit/sdk is installed: the folder the AssemblyScript compiler
// reads when a policy imports "@wardenkit/sdk" (node_modules, walking up from the root).
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const SDK_PACKAGE = "@wardenkit/sdk";

/** The real folder of the SDK package seen from `root` (a workspace link is followed); null when not installed. */
export function sdkPackageDir(root: string): string | null {
  try {
    return realpathSync(dirname(createRequire(join(root, "package.json")).resolve(`${SDK_PACKAGE}/package.json`)));
  } catch {
    return null;
  }
}
