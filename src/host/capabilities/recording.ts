// Writes a kwctl record/replay session (`--record-host-capabilities-interactions`): every
// answer that came back through the callback channel, in the shape replay.ts reads and kwctl
// writes: a YAML list of `{type: Exchange, request: "!Tag\n<YAML>", response: {type: Success,
// payload} | {type: Error, message}}`, the request being kwctl's request type under its tag.
import { yaml } from "../../io/yaml-on-demand.ts";
import { HostCallError } from "../guest.ts";

interface RecordedExchange {
  type: "Exchange";
  request: string;
  response: { type: "Success"; payload: string } | { type: "Error"; message: string };
}

const decoder = new TextDecoder();

export class SessionRecorder {
  private readonly exchanges: RecordedExchange[] = [];

  get count(): number {
    return this.exchanges.length;
  }

  /**
   * Runs `answer` and records its outcome for `request` (as kwctl's session holds it) under `tag`: its payload, or the message of the
   * HostCallError it threw (any other error is a fault of this host, not an answer: not recorded).
   */
  record(tag: string, value: unknown, answer: () => Uint8Array): Uint8Array {
    const request = `!${tag}\n${yaml().stringify(value)}`;
    try {
      const result = answer();
      this.exchanges.push({ type: "Exchange", request, response: { type: "Success", payload: decoder.decode(result) } });
      return result;
    } catch (err) {
      if (err instanceof HostCallError) this.exchanges.push({ type: "Exchange", request, response: { type: "Error", message: err.message } });
      throw err;
    }
  }

  /** The session file's text. */
  toYaml(): string {
    return yaml().stringify(this.exchanges, { lineWidth: 0 });
  }
}
