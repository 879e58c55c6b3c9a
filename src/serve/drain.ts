// Stopping the server without dropping a review. The listening socket is closed, so no new
// connection is accepted; every request already received is answered, with `Connection:
// close` so that its connection ends after the answer; idle connections are closed once
// nothing is in flight; all of it within a bound, after which what is left is cut off.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server } from "node:https";
import { Server as TlsServer } from "node:tls";

import { DRAIN_TIMEOUT_MS } from "./defaults.ts";

export { DRAIN_TIMEOUT_MS };
/** How long answered connections get to finish writing their answer before they are cut. */
const LAST_WRITES_MS = 1000;

export class Drain {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private settle: (() => void) | null = null;
  private hurried: () => void = () => {};
  private readonly hurryRequested = new Promise<void>((resolve) => (this.hurried = resolve));

  constructor(private readonly server: Server) {}

  get started(): boolean {
    return this.draining;
  }

  /** Counts a request until its answer is sent or its connection ends. */
  track(_req: IncomingMessage, res: ServerResponse): void {
    if (this.draining) res.setHeader("connection", "close");
    this.inFlight.add(res);
    res.once("close", () => {
      this.inFlight.delete(res);
      if (this.inFlight.size === 0) this.settle?.();
    });
  }

  /** Drains for at most `timeoutMs`; resolves with how many requests had to be cut off. */
  async close(timeoutMs = DRAIN_TIMEOUT_MS, log: (line: string) => void = () => {}): Promise<number> {
    this.draining = true;
    const deadline = Date.now() + timeoutMs;
    const closed = new Promise<void>((done) => this.server.once("close", done));
    // https.Server#close would also close idle keep-alive connections at once, racing a
    // client that is sending its next request on one; only the listening socket closes here.
    TlsServer.prototype.close.call(this.server);
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader("connection", "close");
    if (this.inFlight.size > 0) {
      log(`draining: ${this.inFlight.size} requests in flight (waiting at most ${timeoutMs / 1000} s)`);
      await this.until(new Promise<void>((done) => (this.settle = done)), deadline);
    }
    const cutOff = this.inFlight.size;
    // Answered connections end once their answer is written; idle ones are closed now.
    this.server.closeIdleConnections();
    await this.until(closed, Date.now() + LAST_WRITES_MS);
    this.server.closeAllConnections();
    return cutOff;
  }

  private until(event: Promise<void>, deadline: number): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      void Promise.race([event, this.hurryRequested]).then(() => {
        clearTimeout(timer);
        done();
      });
    });
  }

  /** Stops waiting for what is in flight (a second signal). */
  hurry(): void {
    this.hurried();
  }
}
