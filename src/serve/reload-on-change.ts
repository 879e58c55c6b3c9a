// Watching drives reloading: after every load the watcher follows the files that
// configuration was read from (watch-targets.ts), and a change to one of them, once quiet
// (file-watcher.ts), reloads the policy server. A reload that fails is logged; what served
// before keeps serving.
import { FileWatcher } from "./file-watcher.ts";
import { watchTargets, type ConfigSource } from "./watch-targets.ts";
import type { PolicyServer } from "./policy-server.ts";

export class ReloadOnChange {
  private readonly files: FileWatcher;

  constructor(policies: PolicyServer, source: ConfigSource, log: (line: string) => void) {
    this.files = new FileWatcher(() => void policies.reload().catch((err: Error) => {
      log(`reload failed: ${err.message}${policies.configProblem ? "; still serving the previous configuration" : ""}`);
    }));
    policies.onLoad((config) => this.files.watch(watchTargets(source, config)));
  }

  close(): void {
    this.files.close();
  }
}
