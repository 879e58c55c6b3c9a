// The long-stream benchmark's parts: the stream it writes, the figures it reads from GNU time,
// and where its section goes in BENCHMARKS.md (after the policy set's, replaced on a rerun).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeObjectStream } from "../../tools/bench/object-stream.ts";
import { parseGnuTime, type StreamResult } from "../../tools/bench/stream-bench.ts";
import { STREAM_HEADING, withStreamSection } from "../../tools/bench/stream-report.ts";
import { readObjects } from "../../src/inputs/object-files.ts";

describe("the long-stream benchmark", () => {
  it("writes a Namespace and the objects asked for, a quarter of each kind, every seventh breaking a policy", () => {
    const file = join(mkdtempSync(join(tmpdir(), "wardenkit-stream-")), "stream.yaml");
    writeObjectStream(file, 700);
    const objects = [...readObjects([file])].map((o) => o.object);
    expect(objects).toHaveLength(701);
    const kinds = new Map<string, number>();
    for (const o of objects.slice(1)) kinds.set(o.kind!, (kinds.get(o.kind!) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({ Pod: 175, Deployment: 175, SQLClaim: 175, ConfigMap: 175 });
    expect(objects[0]).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "wardenkit-e2e" } });
    expect(objects[1].metadata).toEqual({ name: "pod-0", namespace: "wardenkit-e2e" }); // the first is unlabelled
    expect(objects[2].metadata).toMatchObject({ name: "deployment-1", labels: { app: "shop", owner: "team-shop" } });
  });

  it("reads the wall clock and the peak RSS from /usr/bin/time -v", () => {
    const report = (clock: string) => `\tElapsed (wall clock) time (h:mm:ss or m:ss): ${clock}\n\tMaximum resident set size (kbytes): 131072\n`;
    expect(parseGnuTime(report("3:05.50"))).toEqual({ seconds: 185.5, peakRssMiB: 128 });
    expect(parseGnuTime(report("1:02:03"))).toEqual({ seconds: 3723, peakRssMiB: 128 });
    expect(() => parseGnuTime("nothing")).toThrow(/no figures/);
  });

  it("puts its section after the policy set's, and replaces it when run again", () => {
    const result: StreamResult = {
      date: "2026-12-06T17:00:00.000Z", loadAverage: [1.5, 2], command: "/usr/bin/time -v node bin/wardenkit.mjs check … <stream.yaml> > /dev/null",
      runs: [{ objects: 150_000, bytes: 45_000_000, readFrom: "file", exitCode: 1, seconds: 200.25, peakRssMiB: 130.4 }],
    };
    const before = "# Benchmarks\n\n## Policy set (x)\n\np\n\n## Isolation in serve (y)\n\ni\n";
    const once = withStreamSection(before, result);
    expect(once).toContain(`## Policy set (x)\n\np\n\n${STREAM_HEADING} (tools/bench/stream-bench.ts, \`npm run bench:stream\`)\n`);
    expect(once).toContain("| 150,000 | 42.9 MiB | file | 1 | 200.3 s | 130 MiB |\n\n## Isolation in serve (y)");
    expect(once).toContain("\n    /usr/bin/time -v node bin/wardenkit.mjs check … <stream.yaml> > /dev/null\n");
    const twice = withStreamSection(once, { ...result, runs: [{ ...result.runs[0], seconds: 99 }] });
    expect(twice.split(STREAM_HEADING)).toHaveLength(2);
    expect(twice).toContain("| 99.0 s |");
  });
});
