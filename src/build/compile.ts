// Compiling one AssemblyScript entry file with the project's asconfig.json. The
// compiler runs in one shared worker thread (see compile-worker.mjs), started only when
// something is compiled, so a build with nothing to do never pays for loading it.
import { relative } from "node:path";
import { Worker } from "node:worker_threads";

export class CompileError extends Error {}

interface Answer {
  id: number;
  binary: Uint8Array | null;
  /** Absolute paths of every file the compiler read, sorted. */
  read: string[];
  errors: string;
  error: string | null;
}

interface Job {
  resolve(answer: Answer): void;
  reject(err: Error): void;
}

let worker: Worker | null = null;
let nextId = 0;
const jobs = new Map<number, Job>();

function failAll(err: Error): void {
  worker = null;
  for (const job of jobs.values()) job.reject(err);
  jobs.clear();
}

function compilerWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL("./compile-worker.mjs", import.meta.url));
  started.on("message", (answer: Answer) => {
    jobs.get(answer.id)?.resolve(answer);
    jobs.delete(answer.id);
    if (jobs.size === 0) started.unref(); // idle: it must not keep the process alive
  });
  started.on("error", (err) => failAll(new CompileError(`the compiler failed: ${err.message}`)));
  started.on("exit", (code) => failAll(new CompileError(`the compiler stopped with exit code ${code}`)));
  return (worker = started);
}

function runCompiler(args: string[]): Promise<Answer> {
  const id = nextId++;
  const target = compilerWorker();
  target.ref();
  return new Promise((resolve, reject) => {
    jobs.set(id, { resolve, reject });
    target.postMessage({ id, args });
  });
}

export interface CompiledModule {
  binary: Uint8Array;
  /** The compiler's command line, as asc takes it. */
  args: string[];
  /** Absolute paths of every file the compiler read (sources, asconfig.json files), sorted. */
  read: string[];
}

/** `config` is relative to `root`; tests pass another to build a module the old way. */
export async function compileModule(root: string, entry: string, target = "release", config = "asconfig.json"): Promise<CompiledModule> {
  const args = [relative(root, entry), "--config", config, "--target", target];
  const answer = await runCompiler([...args, "--baseDir", root, "--outFile", "module.wasm"]);
  const output = answer.errors.replace(/\x1b\[[0-9;]*m/g, "").replace(/^Last converge was suboptimal\.\n?/m, "").trim();
  if (answer.error || !answer.binary) throw new CompileError(output || String(answer.error));
  return { binary: answer.binary, args, read: answer.read };
}

export async function compileAssemblyScript(root: string, entry: string, target = "release", config = "asconfig.json"): Promise<Uint8Array> {
  return (await compileModule(root, entry, target, config)).binary;
}
