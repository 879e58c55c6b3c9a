// `wardenkit new <name>`: creates a working policy and its test cases.
import { scaffoldPolicy, ScaffoldError, type ScaffoldedPolicy } from "../../scaffold/new-policy.ts";
import { findProject } from "../../project/project.ts";
import type { CommandInput } from "../command.ts";
import type { NewFlags } from "../commands/new.ts";
import { CliError } from "../errors.ts";
import { printLine } from "../io.ts";

export async function run({ flags, args: [name], io }: CommandInput<NewFlags>): Promise<number> {
  let created: ScaffoldedPolicy;
  try {
    created = scaffoldPolicy(findProject(), name, { mutating: flags.mutating });
  } catch (err) {
    if (err instanceof ScaffoldError) throw new CliError(err.message);
    throw err;
  }
  for (const file of created.files) printLine(io.stdout, `created ${file}`);
  for (const note of created.notes) printLine(io.stderr, `note: ${note}`);
  printLine(io.stdout, `\nnext: npx wardenkit build ${name} && npx wardenkit test fixtures/${name}`);
  return 0;
}
