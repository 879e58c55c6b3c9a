// How the commands that declare REGISTRY_FLAGS (--insecure, --ca-file, --max-module-size)
// reach a registry, read the same way by each.
import { mebibytes } from "../../oci/limits.ts";

export interface RegistryFlagValues {
  insecure: boolean;
  "ca-file"?: string;
  "max-module-size": number;
}

/** The registry flags as the module resolver and the OCI client take them. */
export function registryArgs(flags: RegistryFlagValues): { insecure: boolean; caFile?: string; maxModuleBytes: number } {
  return { insecure: flags.insecure, caFile: flags["ca-file"], maxModuleBytes: mebibytes(flags["max-module-size"]) };
}
