// Runs the AssemblyScript compiler for compile.ts in a worker thread, one job after
// another. Plain JavaScript, so it runs as it is both from source and compiled into lib/
// (tsc copies it), and outside any TypeScript loader (such as the tests'): through one,
// the compiler's 13 MB of JavaScript takes ten times as long to load. One worker serves
// every compile of a build, so the compiler warms up once.
import asc from "assemblyscript/asc";
import { parentPort } from "node:worker_threads";

async function compile(args) {
  let binary = null;
  const errors = [];
  const result = await asc.main(args, {
    stdout: { write: () => true },
    stderr: { write: (text) => (errors.push(String(text)), true) },
    writeFile: (name, contents) => {
      if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
    },
  });
  return { binary, errors: errors.join(""), error: result.error ? String(result.error) : null };
}

let queue = Promise.resolve();
parentPort.on("message", ({ id, args }) => {
  queue = queue.then(async () => {
    const answer = await compile(args).catch((err) => ({ binary: null, errors: "", error: String(err?.stack ?? err) }));
    parentPort.postMessage({ id, ...answer });
  });
});
