// `wardenkit build [policy…]`: compiles policies into dist/<name>.wasm.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { findPolicies, policySource } from "../../build/policies.ts";
import { buildPolicy } from "../../build/build-policy.ts";
import { CliError } from "../errors.ts";

export const summary = "compile policies/<name> into dist/<name>.wasm with their metadata";
export const usage = "wardenkit build [policy…] [--out-dir dist]";

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "out-dir": { type: "string" } } });
  const root = process.cwd();
  const all = findPolicies(root);
  if (all.length === 0) throw new CliError("no policies found under policies/ (each needs assembly/index.ts)");
  const unknown = positionals.filter((name) => !all.some((p) => p.name === name));
  if (unknown.length > 0) throw new CliError(`unknown policy ${unknown.join(", ")}; policies: ${all.map((p) => p.name).join(", ")}`);
  const selected = positionals.length > 0 ? positionals.map((name) => policySource(root, name)) : all;
  const outDir = resolve(root, values["out-dir"] ?? "dist");
  const started = performance.now();
  for (const source of selected) {
    const built = await buildPolicy(root, source, outDir);
    console.log(`built ${built.path} (${built.size} bytes, ${Math.round(built.milliseconds)} ms)`);
  }
  console.log(`${selected.length} policies in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
