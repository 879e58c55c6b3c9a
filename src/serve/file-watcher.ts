// Watches the config file and the module files (or dist/) for changes, and
// calls back once things have been quiet for a moment: a build writes a
// module in several steps and an editor saves through renames.
import { watch, type FSWatcher } from "node:fs";

export interface WatchTarget {
  dir: string;
  /** Which file names in `dir` matter. */
  matches(fileName: string): boolean;
}

export const QUIET_PERIOD_MS = 150;

export class FileWatcher {
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly onChange: () => void, private readonly quietMs = QUIET_PERIOD_MS) {}

  /** Replaces what is watched (the config may name new module files). */
  watch(targets: WatchTarget[]): void {
    this.stopWatching();
    const byDir = new Map<string, WatchTarget[]>();
    for (const t of targets) byDir.set(t.dir, [...(byDir.get(t.dir) ?? []), t]);
    for (const [dir, list] of byDir) {
      try {
        const watcher = watch(dir, (_event, fileName) => {
          if (fileName && list.some((t) => t.matches(fileName.toString()))) this.changed();
        });
        watcher.on("error", () => {}); // a directory that vanishes simply stops reporting
        this.watchers.push(watcher);
      } catch {
        // A directory that does not exist yet cannot change anything we serve.
      }
    }
  }

  private changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onChange();
    }, this.quietMs);
  }

  private stopWatching(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  close(): void {
    this.stopWatching();
    if (this.timer) clearTimeout(this.timer);
  }
}
