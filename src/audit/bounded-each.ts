// Runs an asynchronous step over items with at most `limit` of them in flight, so writing
// thousands of reports neither waits on each in turn nor opens thousands of requests at once.

/** Calls `step` on every item, at most `limit` at a time; once all in flight have settled, throws the first error a step threw. */
export async function eachBounded<T>(items: Iterable<T>, limit: number, step: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failed = false;
  const worker = async (): Promise<void> => {
    for (let next = iterator.next(); !failed && !next.done; next = iterator.next()) {
      try {
        await step(next.value);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, limit) }, worker));
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (rejected) throw rejected.reason;
}
