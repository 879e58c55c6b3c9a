// `wardenkit check --policies <manifests|folder>… <files|folders|->…`: what a cluster holding
// these policies would answer for each object, written as each object is checked; exits 1
// when a protect-mode policy denies one, 2 when an input cannot be read or decided.
import { resolve } from "node:path";
import { checkObjects, CheckTally, readsInputsTwice } from "../../policyset/check.ts";
import { checkWriter } from "../../policyset/check-output.ts";
import { ModuleResolver } from "../../policyset/module-resolver.ts";
import { loadPolicySet } from "../../policyset/policy-set.ts";
import { readClusterObjects } from "../../testing/inputs.ts";
import { readObjects, rereadable } from "../../testing/object-files.ts";
import { stdinTextChunks } from "../../text-file.ts";
import type { CommandInput } from "../command.ts";
import type { CheckFlags } from "../commands/check.ts";
import { exitingOnBadInput, UsageError } from "../errors.ts";
import { ProgressLine } from "../progress-line.ts";

function moduleAliases(values: string[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const value of values) {
    const at = value.lastIndexOf("=");
    if (at <= 0 || at === value.length - 1) throw new UsageError(`--module takes <location>=<policy or file>, not '${value}'`);
    aliases[value.slice(0, at)] = value.slice(at + 1);
  }
  return aliases;
}

export function run({ flags, args, io }: CommandInput<CheckFlags>): Promise<number> {
  const aliases = moduleAliases(flags.module);
  return exitingOnBadInput(async () => {
    const resolver = new ModuleResolver({ aliases, distDir: flags.dist && resolve(flags.dist), insecure: flags.insecure });
    const policies = await loadPolicySet(flags.policies, [], resolver);
    const cluster = flags.cluster ? readClusterObjects(flags.cluster) : undefined;
    const readStdin = () => stdinTextChunks(io.readStdin());
    const stdin = readsInputsTwice(policies) ? rereadable(readStdin) : readStdin;
    const writer = checkWriter(flags.output, flags.verbose);
    const tally = new CheckTally();
    const progress = ProgressLine.of(io, (count) => `checked ${count.toLocaleString("en")} objects`);
    const checked = checkObjects(policies, () => readObjects(args, stdin), {
      cluster,
      controllerNamespace: flags["controller-namespace"],
      defaultNamespace: flags.namespace,
    });
    try {
      for (const object of checked) {
        tally.add(object);
        io.stdout.write(writer.object(object));
        progress.update(tally.objects);
      }
    } finally {
      progress.done();
    }
    for (const piece of writer.end(tally)) io.stdout.write(piece);
    return tally.denied > 0 ? 1 : 0;
  });
}
