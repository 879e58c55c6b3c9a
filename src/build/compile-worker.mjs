// Runs the AssemblyScript compiler for compile.ts in a worker thread, one job after
// another. Plain JavaScript, so it runs as it is both from source and compiled into lib/
// (tsc copies it), and outside any TypeScript loader (such as the tests'): through one,
// the compiler's 13 MB of JavaScript takes ten times as long to load. One worker serves
// every compile of a build, so the compiler warms up once. Every file the compiler reads
// is noted (the SBOM names the packages whose sources went into the module).
import asc from "assemblyscript/asc";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parentPort } from "node:worker_threads";

/** asc's own reading (a missing file is null), noting each file found. */
function notingReader(read) {
  return (name, baseDir) => {
    const path = resolve(baseDir, name);
    try {
      const text = readFileSync(path, "utf8");
      read.add(path);
      return text;
    } catch {
      return null;
    }
  };
}

async function compile(args) {
  let binary = null;
  const errors = [];
  const read = new Set();
  const result = await asc.main(args, {
    stdout: { write: () => true },
    stderr: { write: (text) => (errors.push(String(text)), true) },
    readFile: notingReader(read),
    writeFile: (name, contents) => {
      if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
    },
  });
  return { binary, read: [...read].sort(), errors: errors.join(""), error: result.error ? String(result.error) : null };
}

let queue = Promise.resolve();
parentPort.on("message", ({ id, args }) => {
  queue = queue.then(async () => {
    const answer = await compile(args).catch((err) => ({ binary: null, read: [], errors: "", error: String(err?.stack ?? err) }));
    parentPort.postMessage({ id, ...answer });
  });
});
