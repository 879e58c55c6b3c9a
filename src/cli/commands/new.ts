// `wardenkit new <name>`: creates a working policy and its test cases.
import { parseArgs } from "node:util";
import { scaffoldPolicy, ScaffoldError } from "../../scaffold/new-policy.ts";
import { CliError } from "../errors.ts";
import { findProject } from "../../project/project.ts";

export const summary = "create policies/<name> and fixtures/<name> from a working template";
export const usage = "wardenkit new <name>";

export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new CliError(`expected one policy name; usage: ${usage}`);
  const name = positionals[0];
  let files: string[];
  try {
    files = scaffoldPolicy(findProject(), name);
  } catch (err) {
    if (err instanceof ScaffoldError) throw new CliError(err.message);
    throw err;
  }
  for (const file of files) console.log(`created ${file}`);
  console.log(`\nnext: npx wardenkit build ${name} && npx wardenkit test fixtures/${name}`);
  return 0;
}
