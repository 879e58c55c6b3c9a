// --register while serve runs: the webhook configurations follow every change of the served
// set. A registration that fails ends serve: at start, the start fails (and what was
// registered half way is deleted); later, serve stops and exits 1. When serve stops, the
// configurations are deleted, unless --keep-registration.
import type { LoadReport, ServedPolicy } from "../../serve/policy-registry.ts";
import type { WebhookRegistration } from "../../serve/webhook-registration.ts";

export class FollowingRegistration {
  /** Resolves with the reason once registering has failed. */
  readonly failed: Promise<string>;
  private fail: (reason: string) => void = () => {};

  constructor(private readonly webhooks: WebhookRegistration, private readonly keep: boolean, private readonly print: (line: string) => void) {
    this.failed = new Promise((done) => (this.fail = done));
  }

  /** Registers the served set when a load changed it; throws (and says so through `failed`) when that fails. */
  readonly onReload = async (report: LoadReport, served: ServedPolicy[]): Promise<void> => {
    if (report.loaded.length + report.removed.length === 0) return;
    try {
      for (const line of await this.webhooks.register(served)) this.print(line);
    } catch (err) {
      this.fail((err as Error).message);
      throw err;
    }
  };

  /** Deletes what a start that failed registered. */
  async undo(): Promise<void> {
    for (const line of await this.webhooks.unregister()) this.print(line);
  }

  /** serve is stopping: the configurations are deleted, or kept with --keep-registration. */
  async end(): Promise<void> {
    if (this.keep) this.print(`kept the ${this.webhooks.name} webhook configurations (--keep-registration)`);
    else await this.undo();
  }
}
