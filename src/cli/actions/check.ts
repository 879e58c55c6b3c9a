// `wardenkit check --policies <manifests|folder>… <files|folders|->…`: what a cluster holding
// these policies would answer for each object; exits 1 when a protect-mode policy denies one.
import { resolve } from "node:path";
import { mebibytes } from "../../oci/limits.ts";
import { checkObjects } from "../../policyset/check.ts";
import { ModuleResolver } from "../../modules/module-resolver.ts";
import { loadPolicySet } from "../../policyset/policy-set.ts";
import { SuiteError } from "../../policyset/suite-error.ts";
import { ModuleLoadError } from "../../modules/module-resolver.ts";
import { InputError, readClusterObjects } from "../../inputs/documents.ts";
import { readObjects } from "../../inputs/object-files.ts";
import { UnreadableFileError } from "../../io/text-file.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { CheckFlags } from "../commands/check.ts";
import { CliError, EXIT_USAGE, UsageError } from "../errors.ts";
import { checkResult } from "./check-result.ts";

/** Exit code of a check that could not be decided (bad input), distinct from a denial (1). */
export const CHECK_ERROR_EXIT_CODE = EXIT_USAGE;

function moduleAliases(values: string[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const value of values) {
    const at = value.lastIndexOf("=");
    if (at <= 0 || at === value.length - 1) throw new UsageError(`--module takes <location>=<policy or file>, not '${value}'`);
    aliases[value.slice(0, at)] = value.slice(at + 1);
  }
  return aliases;
}

export async function run({ flags, args, io }: CommandInput<CheckFlags>): Promise<ResultOf<CheckFlags>> {
  const aliases = moduleAliases(flags.module);
  try {
    const resolver = new ModuleResolver({
      aliases, distDir: flags.dist && resolve(flags.dist), insecure: flags.insecure, maxModuleBytes: mebibytes(flags["max-module-size"]),
    });
    const policies = await loadPolicySet(flags.policies, [], resolver);
    const inputs = readObjects(args, () => io.readStdin());
    const report = checkObjects(policies, inputs, {
      cluster: flags.cluster ? readClusterObjects(flags.cluster) : undefined,
      controllerNamespace: flags["controller-namespace"],
      defaultNamespace: flags.namespace,
    });
    return checkResult(report, flags.verbose);
  } catch (err) {
    if (err instanceof SuiteError || err instanceof ModuleLoadError || err instanceof InputError || err instanceof UnreadableFileError) throw new CliError(err.message, CHECK_ERROR_EXIT_CODE);
    throw err;
  }
}
