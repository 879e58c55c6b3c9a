// How the commands that declare REGISTRY_CONNECTION_FLAGS (--insecure, --ca-file) or REGISTRY_FLAGS
// (those and --max-module-size) reach a registry, read the same way by each.
import { mebibytes } from "../../oci/limits.ts";

export interface RegistryConnectionFlagValues {
  insecure: boolean;
  "ca-file"?: string;
}

export interface RegistryFlagValues extends RegistryConnectionFlagValues {
  "max-module-size": number;
}

/** --insecure and --ca-file as the OCI client, signing and verification take them. */
export function registryConnection(flags: RegistryConnectionFlagValues): { insecure: boolean; caFile?: string } {
  return { insecure: flags.insecure, caFile: flags["ca-file"] };
}

/** The registry flags as the module resolver and the OCI client take them. */
export function registryArgs(flags: RegistryFlagValues): { insecure: boolean; caFile?: string; maxModuleBytes: number } {
  return { ...registryConnection(flags), maxModuleBytes: mebibytes(flags["max-module-size"]) };
}
