// A module named on the command line: a .wasm path, or a policy name meaning dist/<name>.wasm.
import { existsSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { findProject } from "../../project/project.ts";
import { specialFileKind } from "../../io/text-file.ts";
import { CliError } from "../errors.ts";

export function resolveModulePath(arg: string | undefined): string {
  if (!arg) throw new CliError("name a module: a .wasm file or a policy name");
  if (arg.endsWith(".wasm") || arg.includes("/")) {
    if (!existsSync(arg)) throw new CliError(`module ${arg} not found`);
    const kind = specialFileKind(statSync(arg));
    if (kind) throw new CliError(`module ${arg} is ${kind}, not a .wasm file`);
    return resolve(arg);
  }
  const built = findProject().module(arg);
  if (!existsSync(built)) throw new CliError(`${relative(process.cwd(), built)} not found: run npm run build, or give a .wasm path`);
  return built;
}
