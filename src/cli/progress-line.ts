// How far a long run has got, on one line of standard error: only on a terminal and only when
// the results go elsewhere (a file, a pipe), since results on the terminal show it themselves;
// from 2 s on, redrawn at most once a second, erased at the end. Logs and scripts never see it.
import type { CommandIo, TextSink } from "./io.ts";

const FIRST_AFTER_MS = 2000;
const EVERY_MS = 1000;
const CLEAR_LINE = "\r\x1b[K";

export class ProgressLine {
  private readonly started: number;
  private drawnAt = 0;
  private shown = false;

  constructor(
    private readonly sink: TextSink | undefined,
    /** "checked 1,200 objects" */
    private readonly describe: (count: number) => string,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** A progress line on the command's stderr when it is a terminal and stdout is not; otherwise one that writes nothing. */
  static of(io: CommandIo, describe: (count: number) => string, now?: () => number): ProgressLine {
    return new ProgressLine(io.stderr.isTTY && !io.stdout.isTTY ? io.stderr : undefined, describe, now);
  }

  /** `count` things done so far. */
  update(count: number): void {
    if (!this.sink) return;
    const now = this.now();
    if (now - this.started < FIRST_AFTER_MS || now - this.drawnAt < EVERY_MS) return;
    const perSecond = Math.round((count * 1000) / (now - this.started));
    this.sink.write(`${CLEAR_LINE}${this.describe(count)} (${perSecond.toLocaleString("en")}/s)`);
    this.drawnAt = now;
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.sink!.write(CLEAR_LINE);
    this.shown = false;
  }
}
