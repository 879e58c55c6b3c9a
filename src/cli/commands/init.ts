// `wardenkit init <dir>`: creates a policy repository in a new or empty folder.
import { parseArgs } from "node:util";
import { relative } from "node:path";
import { scaffoldProject } from "../../scaffold/new-project.ts";
import { ScaffoldError } from "../../scaffold/new-policy.ts";
import { CliError } from "../errors.ts";

export const summary = "create a policy repository: package.json, Makefile, asconfig.json, policies/, fixtures/, CI workflow";
export const usage = "wardenkit init <dir>";

export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new CliError(`expected one folder; usage: ${usage}`, 2);
  let created;
  try {
    created = scaffoldProject(positionals[0]);
  } catch (err) {
    if (err instanceof ScaffoldError) throw new CliError(err.message);
    throw err;
  }
  for (const file of created.files) console.log(`created ${file}`);
  const dir = relative(process.cwd(), created.root) || ".";
  console.log(`\nnext: cd ${dir} && npm install && npx wardenkit new <policy> && make test`);
  return 0;
}
