// `wardenkit build [policy…]`: compiles policies into dist/<name>.wasm, skipping those
// whose sources, SDK, settings and compiler are unchanged since their last build.
import { relative } from "node:path";
import { distFolder, findProject } from "../../project/project.ts";
import { buildIfChanged } from "../../build/incremental-build.ts";
import type { CommandInput } from "../command.ts";
import type { BuildFlags } from "../commands/build.ts";
import { CliError } from "../errors.ts";
import { printLine } from "../io.ts";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function run({ flags, args, io }: CommandInput<BuildFlags>): Promise<number> {
  const project = findProject();
  const root = project.root;
  const all = project.policies;
  if (all.length === 0) throw new CliError(`no policies found under ${relative(process.cwd(), project.folders.policies) || "."}/ (each needs assembly/index.ts)`);
  const unknown = args.filter((name) => !all.some((p) => p.name === name));
  if (unknown.length > 0) throw new CliError(`unknown policy ${unknown.join(", ")}; policies: ${all.map((p) => p.name).join(", ")}`);
  const selected = args.length > 0 ? args.map((name) => project.policy(name)) : all;
  const outDir = distFolder(flags.dist);
  const started = performance.now();
  let built = 0;
  for (const source of selected) {
    const outcome = await buildIfChanged(project, source, outDir, {
      force: flags.force,
      onBuilding: (name, reason) => printLine(io.stdout, `building ${name}… (${reason})`),
    });
    const path = relative(root, outcome.path);
    if (outcome.upToDate) printLine(io.stdout, `${outcome.name}: up to date (${path})`);
    else {
      built++;
      printLine(io.stdout, `built ${path} (${outcome.size} bytes, ${seconds(outcome.milliseconds)})`);
    }
  }
  printLine(io.stdout, `${selected.length} policies, ${built} built, ${selected.length - built} up to date, in ${seconds(performance.now() - started)}`);
  return 0;
}
