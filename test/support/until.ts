// Waiting for something the cluster does in its own time, bounded: polls `probe` until it
// gives a truthy value, and fails with what was awaited when time runs out.
const POLL_MS = 100;

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000}s`);
    await sleep(Math.min(POLL_MS, timeoutMs / 20));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
