// `wardenkit init <dir>`: creates a policy repository in a new or empty folder.
import { relative } from "node:path";
import { scaffoldProject } from "../../scaffold/new-project.ts";
import { ScaffoldError } from "../../scaffold/new-policy.ts";
import type { CommandInput } from "../command.ts";
import type { InitFlags } from "../commands/init.ts";
import { CliError } from "../errors.ts";
import { printLine } from "../io.ts";

export async function run({ flags, args: [dir], io }: CommandInput<InitFlags>): Promise<number> {
  let created;
  try {
    created = scaffoldProject(dir, { author: flags.author, repository: flags.repository, registry: flags.registry, license: flags.license });
  } catch (err) {
    if (err instanceof ScaffoldError) throw new CliError(err.message);
    throw err;
  }
  for (const file of created.files) printLine(io.stdout, `created ${file}`);
  if (!flags.repository && !flags.registry) {
    printLine(io.stderr, "note: no --repository or --registry: new policies name no registry (io.kubewarden.policy.ociUrl) until package.json does");
  }
  const shown = relative(process.cwd(), created.root) || ".";
  printLine(io.stdout, `\nnext: cd ${shown} && npm install && npx wardenkit new <policy> && make test`);
  return 0;
}
