// Flags several commands share, declared once so that they mean the same everywhere.
import { DEFAULT_MAX_MODULE_BYTES, MiB } from "../../oci/limits.ts";
import { booleanFlag, listFlag, numberFlag, outputFlag, stringFlag } from "../flags.ts";
import { DEFAULT_MAX_INPUT_BYTES, formatSize, MAX_INPUT_SIZE_VARIABLE } from "../../io/input-size.ts";
import { MAX_YAML_ALIAS_VALUES } from "../../io/yaml-aliases.ts";
import { MAX_YAML_DEPTH } from "../../io/yaml-on-demand.ts";

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
/** What `check` and `test` report in: for people, for scripts, and the CI formats. */
export const REPORT_OUTPUT_FLAG = outputFlag(["text", "json", "junit", "sarif", "github"], "text");
/** Kubewarden's verification-config.yml, honoured by every command that fetches modules from a registry. */
export const VERIFICATION_CONFIG_FLAG = stringFlag("file", "refuse a module pulled from a registry unless its signatures satisfy this verification config (Kubewarden's verification-config.yml); it is pulled by the digest verified");
/** How the commands that push, sign or verify reach a registry. */
export const REGISTRY_CONNECTION_FLAGS = { insecure: INSECURE_FLAG, "ca-file": CA_FILE_FLAG };
/** How the commands that pull modules reach a registry, and the largest module they take. */
export const REGISTRY_FLAGS = { ...REGISTRY_CONNECTION_FLAGS, "max-module-size": MAX_MODULE_SIZE_FLAG };

/** The limits on what the commands that read requests, settings, manifests and objects read. */
export const INPUT_LIMITS_DETAIL =
  `Every input file (requests, settings, manifests, objects, case and suite files, sessions), and standard input, may hold at most ${formatSize(DEFAULT_MAX_INPUT_BYTES)}; ` +
  `${MAX_INPUT_SIZE_VARIABLE}=<size> (such as 64MiB or 1GiB) sets another limit. ` +
  `A YAML document may nest ${MAX_YAML_DEPTH} levels deep, and its aliases add at most ${MAX_YAML_ALIAS_VALUES.toLocaleString("en")} values when copied out.`;

/** How check and test write their results: as they come where the format allows. */
export const STREAMED_OUTPUT_DETAIL =
  "Text, JSON and GitHub annotations are written as each result comes; JUnit XML and SARIF, which name their totals first, at the end. " +
  "On a terminal, when the results go to a file or a pipe, a progress line on standard error shows from 2 s on.";

/** Where a cosign private key's password comes from when not from COSIGN_PASSWORD. */
export const PASSWORD_FILE_FLAG = stringFlag("file", "read the key's password from this file (default: the COSIGN_PASSWORD variable)");
/** How the commands that sign read a cosign private key and its password. */
export const SIGNING_KEY_FLAGS = {
  key: stringFlag("cosign.key", "the private key, in cosign's encrypted format (wardenkit generate-key-pair or cosign generate-key-pair)"),
  "password-file": PASSWORD_FILE_FLAG,
};
/** `-a key=value`, as cosign takes annotations. */
export const ANNOTATION_FLAG = listFlag("key=value", "an annotation, in the signed payload when signing, required of a signature when verifying (repeatable)", { short: "a" });
