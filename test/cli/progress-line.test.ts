// The progress line of long runs: on a terminal only when the results go elsewhere, from 2 s
// on, at most once a second, erased at the end. A clock of the test's own drives it.
import { describe, expect, it } from "vitest";
import { ProgressLine } from "../../src/cli/progress-line.ts";

function terminal(): { written: string[]; isTTY: boolean; write: (text: string) => void } {
  const written: string[] = [];
  return { written, isTTY: true, write: (text: string) => void written.push(text) };
}

describe("ProgressLine", () => {
  it("shows nothing for 2 s, then redraws at most once a second, and erases itself", () => {
    let now = 0;
    const sink = terminal();
    const progress = new ProgressLine(sink, (n) => `checked ${n} objects`, () => now);
    now = 1999;
    progress.update(10);
    expect(sink.written).toEqual([]);
    now = 2000;
    progress.update(500);
    now = 2500;
    progress.update(600);
    now = 3000;
    progress.update(1500);
    progress.done();
    expect(sink.written).toEqual(["\r\x1b[Kchecked 500 objects (250/s)", "\r\x1b[Kchecked 1500 objects (500/s)", "\r\x1b[K"]);
  });

  it("is drawn only on a terminal, and only when the results go elsewhere", () => {
    const drawn = (stdoutTTY: boolean, stderrTTY: boolean): string[] => {
      const stderr = { ...terminal(), isTTY: stderrTTY };
      let now = 0;
      const progress = ProgressLine.of({ stdout: { write: () => undefined, isTTY: stdoutTTY }, stderr, readStdin: () => [] }, String, () => now);
      now = 5000;
      progress.update(1);
      return stderr.written;
    };
    expect(drawn(false, true)).toEqual(["\r\x1b[K1 (0/s)"]);
    expect(drawn(true, true)).toEqual([]);
    expect(drawn(false, false)).toEqual([]);
  });
});
