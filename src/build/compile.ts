// Compiling one AssemblyScript entry file with the project's asconfig.json,
// in-process so that a build of many policies pays the compiler start-up once.
import asc from "assemblyscript/asc";
import { relative } from "node:path";

export class CompileError extends Error {}

/** `config` is relative to `root`; tests pass another to build a module the old way. */
export async function compileAssemblyScript(root: string, entry: string, target = "release", config = "asconfig.json"): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const errors: string[] = [];
  const result = await asc.main(
    [relative(root, entry), "--baseDir", root, "--config", config, "--target", target, "--outFile", "module.wasm"],
    {
      stdout: { write: () => true } as never,
      stderr: { write: (text: string | Uint8Array) => (errors.push(String(text)), true) } as never,
      writeFile: (name: string, contents: Uint8Array | string) => {
        if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
      },
    } as never,
  );
  const output = errors.join("").replace(/\x1b\[[0-9;]*m/g, "").replace(/^Last converge was suboptimal\.\n?/m, "").trim();
  if (result.error || !binary) throw new CompileError(output || String(result.error));
  return binary;
}
