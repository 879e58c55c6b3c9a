// Live answers kept for a while, as policy-evaluator keeps them (5 s for kubernetes
// reads, 60 s for OCI, DNS and crypto): identical calls in flight share one answer,
// and a failure is not kept, so the next call asks again.

/** Past this many entries, the expired ones are dropped when another is added. */
const SWEEP_AT = 1000;

export class AnswerCache {
  private readonly entries = new Map<string, { expires: number; answer: Promise<unknown> }>();

  constructor(private readonly ttlMs: number) {}

  /** The kept answer for `key`, unless `fresh` asks for a new one or it has expired; else `read()`'s. */
  get(key: string, fresh: boolean, read: () => Promise<unknown>): Promise<unknown> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (!fresh && hit && hit.expires > now) return hit.answer;
    if (this.entries.size >= SWEEP_AT) for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k);
    const answer = read();
    const entry = { expires: now + this.ttlMs, answer };
    this.entries.set(key, entry);
    answer.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return answer;
  }
}
