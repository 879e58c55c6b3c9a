// A token bucket, as client-go's rate limiters: it starts full with `burst` tokens and is
// refilled at `perSecond`. Hand-written (a few lines): npm's `limiter` starts empty and
// answers only yes or no (or waits itself), while the writer waits for the next token with
// one timer, so it asks how long that is.
export class TokenBucket {
  private tokens: number;
  private updated = Date.now();

  constructor(private readonly burst: number, private readonly perSecond: number) {
    this.tokens = burst;
  }

  /** Takes a token and answers 0, or answers how many milliseconds until there is one. */
  take(): number {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updated) / 1000) * this.perSecond);
    this.updated = now;
    if (this.tokens >= 1) {
      this.tokens--;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }
}
