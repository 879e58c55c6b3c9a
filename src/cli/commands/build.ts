// `wardenkit build [policy…]`: compiles policies into dist/<name>.wasm, skipping those
// whose sources, SDK, settings and compiler are unchanged since their last build.
import { parseArgs } from "node:util";
import { relative, resolve } from "node:path";
import { findProject } from "../../project/project.ts";
import { buildIfChanged } from "../../build/incremental-build.ts";
import { CliError } from "../errors.ts";

export const summary = "compile policies/<name> into dist/<name>.wasm with their metadata (only what changed)";
export const usage = "wardenkit build [policy…] [--out-dir dist] [--force]";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { "out-dir": { type: "string" }, force: { type: "boolean" } },
  });
  const project = findProject();
  const root = project.root;
  const all = project.policies;
  if (all.length === 0) throw new CliError(`no policies found under ${relative(process.cwd(), project.folders.policies) || "."}/ (each needs assembly/index.ts)`);
  const unknown = positionals.filter((name) => !all.some((p) => p.name === name));
  if (unknown.length > 0) throw new CliError(`unknown policy ${unknown.join(", ")}; policies: ${all.map((p) => p.name).join(", ")}`);
  const selected = positionals.length > 0 ? positionals.map((name) => project.policy(name)) : all;
  const outDir = values["out-dir"] === undefined ? project.folders.dist : resolve(values["out-dir"]);
  const started = performance.now();
  let built = 0;
  for (const source of selected) {
    const outcome = await buildIfChanged(project, source, outDir, {
      force: values.force,
      onBuilding: (name, reason) => console.log(`building ${name}… (${reason})`),
    });
    const path = relative(root, outcome.path);
    if (outcome.upToDate) console.log(`${outcome.name}: up to date (${path})`);
    else {
      built++;
      console.log(`built ${path} (${outcome.size} bytes, ${seconds(outcome.milliseconds)})`);
    }
  }
  console.log(`${selected.length} policies, ${built} built, ${selected.length - built} up to date, in ${seconds(performance.now() - started)}`);
  return 0;
}
