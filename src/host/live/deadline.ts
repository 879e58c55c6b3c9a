// A bound on one host call's answer, so that a guest blocked on a live source is
// answered with an error rather than left waiting on a resolver or a registry.

/** The time one live host call may take before it is answered with an error. */
export const LIVE_CALL_TIMEOUT_MS = 10_000;

/** `work`'s answer, or an error saying `what` took longer than `ms`. */
export async function withDeadline<T>(what: string, ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${what} took longer than ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
