// `wardenkit init <dir>`: creates a policy repository in a new or empty folder.
import { relative } from "node:path";
import { scaffoldProject } from "../../scaffold/new-project.ts";
import { ScaffoldError } from "../../scaffold/new-policy.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { InitFlags } from "../commands/init.ts";
import { CliError } from "../errors.ts";
import { createdFilesText } from "./created-files.ts";

export async function run({ args: [dir] }: CommandInput<InitFlags>): Promise<ResultOf<InitFlags>> {
  let created;
  try {
    created = scaffoldProject(dir);
  } catch (err) {
    if (err instanceof ScaffoldError) throw new CliError(err.message);
    throw err;
  }
  const shown = relative(process.cwd(), created.root) || ".";
  return { text: () => createdFilesText(created.files, `cd ${shown} && npm install && npx wardenkit new <policy> && make test`) };
}
