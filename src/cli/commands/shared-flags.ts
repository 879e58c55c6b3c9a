// Flags several commands share, declared once so that they mean the same everywhere.
import { DEFAULT_MAX_MODULE_BYTES, MiB } from "../../oci/limits.ts";
import { booleanFlag, numberFlag, stringFlag } from "../flags.ts";

/** The project's dist folder, wherever in the project the command is run from. */
export const DIST_FLAG = stringFlag("dir", "where the built modules are (default: the project's dist)");
export const INSECURE_FLAG = booleanFlag("reach the registry over plain HTTP, or HTTPS without checking its certificate");
export const MAX_MODULE_SIZE_FLAG = numberFlag("MiB", "the largest module pulled from a registry (or downloaded from a URL); a larger one is refused", {
  default: DEFAULT_MAX_MODULE_BYTES / MiB,
});
export const CA_FILE_FLAG = stringFlag("ca.pem", "trust this CA for the registry's HTTPS certificate");
export const SETTINGS_FLAG = stringFlag("json|yaml|file", "the policy's settings, inline or in a file (default: policies/<name>/settings.yml for a policy of the project, {} for any other module)", { short: "s" });
export const REQUEST_FLAG_DESCRIPTION = "an AdmissionReview or AdmissionRequest (JSON or YAML)";
export const CLUSTER_OBJECTS_FLAG = stringFlag("objects.yaml", "the cluster objects the kubernetes host capabilities answer from");
export const MODULE_ARG = { name: "module", description: "a policy name (its build, dist/<name>.wasm), a .wasm file, registry://host/repository:tag or https://…" };
/** How the commands that take a module pull a registry:// one. */
export const REGISTRY_FLAGS = { insecure: INSECURE_FLAG, "ca-file": CA_FILE_FLAG, "max-module-size": MAX_MODULE_SIZE_FLAG };
