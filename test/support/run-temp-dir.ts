// vitest globalSetup, the first: each run gets its own temporary directory and points TMPDIR
// at it before any worker starts, so everything the tests and the processes they start put in
// the system's temporary directory lands there, and so does wardenkit's module cache. Two runs
// side by side never share a path, and the teardown (the last, as vitest tears down in reverse)
// removes it all, including what a test left behind.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const outer = process.env.TMPDIR;
  const outerCache = process.env.WARDENKIT_CACHE_DIR;
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-test-run-"));
  process.env.TMPDIR = dir;
  // Registry pulls are kept by digest in the module cache: the run's own, not the user's.
  process.env.WARDENKIT_CACHE_DIR = join(dir, "module-cache");
  return () => {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    if (outerCache === undefined) delete process.env.WARDENKIT_CACHE_DIR;
    else process.env.WARDENKIT_CACHE_DIR = outerCache;
    rmSync(dir, { recursive: true, force: true });
  };
}
