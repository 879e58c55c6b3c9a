// `wardenkit new <name>`: creates a working policy and its test cases.
import { scaffoldPolicy, ScaffoldError } from "../../scaffold/new-policy.ts";
import { findProject } from "../../project/project.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { NewFlags } from "../commands/new.ts";
import { CliError } from "../errors.ts";
import { createdFilesText } from "./created-files.ts";

export async function run({ args: [name] }: CommandInput<NewFlags>): Promise<ResultOf<NewFlags>> {
  let files: string[];
  try {
    files = scaffoldPolicy(findProject(), name);
  } catch (err) {
    if (err instanceof ScaffoldError) throw new CliError(err.message);
    throw err;
  }
  return { text: () => createdFilesText(files, `npx wardenkit build ${name} && npx wardenkit test fixtures/${name}`) };
}
