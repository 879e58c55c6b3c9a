// `wardenkit check --policies <manifests|folder>… <files|folders|->…`: what a cluster holding
// these policies would answer for each object; exits 1 when a protect-mode policy denies one.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { checkObjects } from "../../policyset/check.ts";
import { formatCheck, OUTPUT_FORMATS, type OutputFormat } from "../../policyset/check-output.ts";
import { ModuleResolver } from "../../policyset/module-resolver.ts";
import { loadPolicySet } from "../../policyset/policy-set.ts";
import { SuiteError } from "../../policyset/suite-error.ts";
import { InputError, readClusterObjects } from "../../testing/inputs.ts";
import { readObjects } from "../../testing/object-files.ts";
import { UnreadableFileError } from "../../text-file.ts";
import { CliError } from "../errors.ts";
import { parseFlags, usageError } from "../flags.ts";

export const summary = "check manifests against a set of Kubewarden policies, as a cluster holding them would";
export const usage = [
  "wardenkit check --policies <manifest|folder>[,…] [--policies …] <file|folder|->…",
  "[--module <location>=<policy|file.wasm|registry://…>]… [-n <namespace>] [--cluster <objects.yaml>] [--controller-namespace kubewarden]",
  "[--dist dist] [--insecure] [-o text|json|junit] [--verbose]",
].join(" ");

/** Exit code of a check that could not be decided (bad input), distinct from a denial (1). */
export const CHECK_ERROR_EXIT_CODE = 2;

function moduleAliases(values: string[] | undefined): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const value of values ?? []) {
    const at = value.lastIndexOf("=");
    if (at <= 0 || at === value.length - 1) throw usageError(`--module takes <location>=<policy or file>, not '${value}'`, usage);
    aliases[value.slice(0, at)] = value.slice(at + 1);
  }
  return aliases;
}

function outputFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return "text";
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw usageError(`unknown output format '${value}' (${OUTPUT_FORMATS.join(", ")})`, usage);
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    policies: { type: "string", short: "p", multiple: true },
    module: { type: "string", multiple: true },
    cluster: { type: "string" },
    namespace: { type: "string", short: "n" },
    "controller-namespace": { type: "string" },
    dist: { type: "string" },
    insecure: { type: "boolean" },
    output: { type: "string", short: "o" },
    verbose: { type: "boolean", short: "v" },
  }, usage);
  const format = outputFormat(values.output);
  const policyPaths = (values.policies ?? []).flatMap((p) => p.split(",")).filter(Boolean);
  if (policyPaths.length === 0) throw usageError("missing --policies: the policy manifests, or a folder of them", usage);
  if (positionals.length === 0) throw usageError("name the manifests to check: files, folders, or - for standard input", usage);
  try {
    const resolver = new ModuleResolver({ aliases: moduleAliases(values.module), distDir: values.dist && resolve(values.dist), insecure: values.insecure });
    const policies = await loadPolicySet(policyPaths, [], resolver);
    const inputs = readObjects(positionals, () => readFileSync(0, "utf8"));
    const report = checkObjects(policies, inputs, {
      cluster: values.cluster ? readClusterObjects(values.cluster) : undefined,
      controllerNamespace: values["controller-namespace"],
      defaultNamespace: values.namespace,
    });
    process.stdout.write(formatCheck(report, format, values.verbose));
    return report.denied > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof SuiteError || err instanceof InputError || err instanceof UnreadableFileError) throw new CliError(err.message, CHECK_ERROR_EXIT_CODE);
    throw err;
  }
}
