// `wardenkit check --policies <manifests|folder>… <files|folders|->…`: what a cluster holding
// these policies would answer for each object; exits 1 when a protect-mode policy denies one,
// and when an input or a module cannot be read.
import { resolve } from "node:path";
import { mebibytes } from "../../oci/limits.ts";
import { checkObjects } from "../../policyset/check.ts";
import { ModuleLoadError, ModuleResolver } from "../../modules/module-resolver.ts";
import { loadPolicySet } from "../../policyset/policy-set.ts";
import { readClusterObjects } from "../../inputs/documents.ts";
import { readObjects } from "../../inputs/object-files.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { CheckFlags } from "../commands/check.ts";
import { CliError, UsageError } from "../errors.ts";
import { checkResult } from "./check-result.ts";

function moduleAliases(values: string[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const value of values) {
    const at = value.lastIndexOf("=");
    if (at <= 0 || at === value.length - 1) throw new UsageError(`--module takes <location>=<policy or file>, not '${value}'`);
    aliases[value.slice(0, at)] = value.slice(at + 1);
  }
  return aliases;
}

/** A module that could not be had, with the flag that points its location at a local one. */
function moduleProblem(err: ModuleLoadError): string {
  const location = err.location;
  if (!location || location.mapped || err.message.includes("--module")) return err.message;
  return `${err.message} (map it to a local module with --module ${location.name}=<policy or .wasm>)`;
}

export async function run({ flags, args, io }: CommandInput<CheckFlags>): Promise<ResultOf<CheckFlags>> {
  const aliases = moduleAliases(flags.module);
  const resolver = new ModuleResolver({
    aliases, distDir: flags.dist && resolve(flags.dist), insecure: flags.insecure, caFile: flags["ca-file"], maxModuleBytes: mebibytes(flags["max-module-size"]),
  });
  // A manifest, object or file that cannot be read fails the command (exit 1) with its one-line message.
  const policies = await loadPolicySet(flags.policies, [], resolver).catch((err: unknown) => {
    throw err instanceof ModuleLoadError ? new CliError(moduleProblem(err)) : err;
  });
  const inputs = readObjects(args, () => io.readStdin());
  const report = checkObjects(policies, inputs, {
    cluster: flags.cluster ? readClusterObjects(flags.cluster) : undefined,
    controllerNamespace: flags["controller-namespace"],
    defaultNamespace: flags.namespace,
  });
  return checkResult(report, flags.verbose);
}
