// Times several operations side by side: a long warm-up so that V8 has tiered
// the wasm code up (Liftoff, then TurboFan), then rounds in which every
// operation runs one batch in turn. Noise in a round touches every operation
// alike, so ratios of the same round are steadier than absolute times.

export type Operation = () => unknown;

export interface MeasureOptions {
  /** Warm-up calls of each operation before any timing... */
  warmupCalls: number;
  /** ...or fewer, once an operation has run this long (slow operations tier up in fewer calls). */
  warmupMilliseconds: number;
  /** Rounds of timed batches; each yields one sample per operation. */
  rounds: number;
  /** Target length of one batch, in milliseconds. */
  batchMilliseconds: number;
}

export const DEFAULT_MEASURE_OPTIONS: MeasureOptions = { warmupCalls: 5_000, warmupMilliseconds: 500, rounds: 200, batchMilliseconds: 1 };

/** Keeps results reachable so that no call can be optimised away. */
let sink: unknown;

function timeCalls(operation: Operation, calls: number): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) sink = operation();
  return performance.now() - start;
}

/** Calls per batch so that a batch lasts about `milliseconds`. */
function batchSize(operation: Operation, milliseconds: number): number {
  let calls = 1;
  for (;;) {
    const elapsed = timeCalls(operation, calls);
    if (elapsed >= milliseconds / 4 || calls >= 1 << 20) return Math.max(1, Math.round((calls * milliseconds) / Math.max(elapsed, 1e-3)));
    calls *= 2;
  }
}

/**
 * Per-call times in microseconds, one sample per round and operation: sample i
 * of every operation was taken in the same round.
 */
export function measureInterleaved(operations: Record<string, Operation>, options: MeasureOptions = DEFAULT_MEASURE_OPTIONS): Record<string, number[]> {
  const names = Object.keys(operations);
  // Warm up in alternation too, so no operation tiers up alone.
  const warmupChunk = Math.max(1, Math.ceil(options.warmupCalls / 10));
  const warmedFor = Object.fromEntries(names.map((name) => [name, 0]));
  for (let done = 0; done < options.warmupCalls; done += warmupChunk) {
    for (const name of names) {
      if (warmedFor[name] < options.warmupMilliseconds) warmedFor[name] += timeCalls(operations[name], warmupChunk);
    }
  }
  const sizes = Object.fromEntries(names.map((name) => [name, batchSize(operations[name], options.batchMilliseconds)]));
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < options.rounds; round++) {
    // Start each round with a different operation, so none always follows the same one.
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      samples[name].push((timeCalls(operations[name], sizes[name]) * 1000) / sizes[name]);
    }
  }
  void sink;
  return samples;
}
