// Flags several commands share, declared once so that they mean the same everywhere.
import { booleanFlag, stringFlag } from "../flags.ts";

/** The project's dist folder, wherever in the project the command is run from. */
export const DIST_FLAG = stringFlag("dir", "where the built modules are (default: the project's dist)");
export const INSECURE_FLAG = booleanFlag("reach the registry over plain HTTP, or HTTPS without checking its certificate");
export const CA_FILE_FLAG = stringFlag("ca.pem", "trust this CA for the registry's HTTPS certificate");
export const SETTINGS_FLAG = stringFlag("json|yaml|file", "the policy's settings, inline or in a file (default: policies/<name>/settings.yml for a policy of the project, {} for any other module)", { short: "s" });
export const REQUEST_FLAG_DESCRIPTION = "an AdmissionReview or AdmissionRequest (JSON or YAML)";
export const CLUSTER_OBJECTS_FLAG = stringFlag("objects.yaml", "the cluster objects the kubernetes host capabilities answer from");
export const MODULE_ARG = { name: "module", description: "a policy name (its build, dist/<name>.wasm), a .wasm file, or registry://host/repository:tag" };
/** How the commands that take a module pull a registry:// one. */
export const REGISTRY_FLAGS = { insecure: INSECURE_FLAG, "ca-file": CA_FILE_FLAG };
