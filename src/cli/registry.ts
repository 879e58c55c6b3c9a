// Every command of `wardenkit`, listed here rather than found on disk, so that the compiled
// CLI needs no directory listing. Importing this loads declarations only: each command's
// run, and the heavy modules it needs, are imported when it runs.
import type { Command } from "./command.ts";
import { apply } from "./commands/apply.ts";
import { artifacthub } from "./commands/artifacthub.ts";
import { audit } from "./commands/audit.ts";
import { bench } from "./commands/bench.ts";
import { build } from "./commands/build.ts";
import { check } from "./commands/check.ts";
import { del } from "./commands/delete.ts";
import { init } from "./commands/init.ts";
import { inspect } from "./commands/inspect.ts";
import { manifest } from "./commands/manifest.ts";
import { newPolicy } from "./commands/new.ts";
import { publish } from "./commands/publish.ts";
import { pull } from "./commands/pull.ts";
import { push } from "./commands/push.ts";
import { run } from "./commands/run.ts";
import { serve } from "./commands/serve.ts";
import { test } from "./commands/test.ts";
import { vap } from "./commands/vap.ts";

export const COMMANDS: readonly Command[] = [
  apply, artifacthub, audit, bench, build, check, del, init, inspect, manifest, newPolicy, publish, pull, push, run, serve, test, vap,
].sort((a, b) => a.name.localeCompare(b.name));

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
