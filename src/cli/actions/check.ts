// `wardenkit check --policies <manifests|folder>… <files|folders|->…`: what a cluster holding
// these policies would answer for each object, written as each object is checked; exits 1
// when a protect-mode policy denies one, 2 when an input or a module cannot be read or decided.
import { keylessVerification } from "./keyless-args.ts";
import { moduleVerification } from "../../modules/module-verification.ts";
import { resolve } from "node:path";
import { registryArgs } from "./registry-args.ts";
import { checkObjects, readsInputsTwice, type CheckedObject } from "../../policyset/check.ts";
import { ModuleLoadError, ModuleResolver } from "../../modules/module-resolver.ts";
import { loadPolicySet } from "../../policyset/policy-set.ts";
import { readClusterObjects } from "../../inputs/documents.ts";
import { readObjects, rereadable } from "../../inputs/object-files.ts";
import { stdinTextChunks } from "../../io/text-file.ts";
import type { CommandInput } from "../command.ts";
import type { CheckFlags } from "../commands/check.ts";
import { CliError, exitingOnBadInput, UsageError } from "../errors.ts";
import type { StreamedResult } from "../output/streamed.ts";
import { checkResult } from "./check-result.ts";

export function moduleAliases(values: string[]): Record<string, string> {
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

export async function run({ flags, args, io }: CommandInput<CheckFlags>): Promise<StreamedResult<CheckedObject>> {
  const aliases = moduleAliases(flags.module);
  return exitingOnBadInput(async () => {
    const resolver = new ModuleResolver({
      aliases, distDir: flags.dist && resolve(flags.dist), ...registryArgs(flags),
      verification: moduleVerification(flags["verification-config"], keylessVerification(flags["trusted-root"])),
    });
    const policies = await loadPolicySet(flags.policies, [], resolver).catch((err: unknown) => {
      throw err instanceof ModuleLoadError ? new CliError(moduleProblem(err)) : err;
    });
    const readStdin = () => stdinTextChunks(io.readStdin());
    const stdin = readsInputsTwice(policies) ? rereadable(readStdin) : readStdin;
    const checked = checkObjects(policies, () => readObjects(args, stdin), {
      cluster: flags.cluster ? readClusterObjects(flags.cluster) : undefined,
      controllerNamespace: flags["controller-namespace"],
      defaultNamespace: flags.namespace,
    });
    return checkResult(checked, flags.verbose);
  });
}
