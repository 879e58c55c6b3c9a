// `wardenkit build [policy…]`: compiles policies into dist/<name>.wasm, skipping those
// whose sources, SDK, settings and compiler are unchanged since their last build.
import { parseArgs } from "node:util";
import { relative, resolve } from "node:path";
import { findPolicies, policySource } from "../../build/policies.ts";
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
  const root = process.cwd();
  const all = findPolicies(root);
  if (all.length === 0) throw new CliError("no policies found under policies/ (each needs assembly/index.ts)");
  const unknown = positionals.filter((name) => !all.some((p) => p.name === name));
  if (unknown.length > 0) throw new CliError(`unknown policy ${unknown.join(", ")}; policies: ${all.map((p) => p.name).join(", ")}`);
  const selected = positionals.length > 0 ? positionals.map((name) => policySource(root, name)) : all;
  const outDir = resolve(root, values["out-dir"] ?? "dist");
  const started = performance.now();
  let built = 0;
  for (const source of selected) {
    const outcome = await buildIfChanged(root, source, outDir, {
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
