// Shows where each policy stands while wardenkit waits. On a terminal it redraws one line
// per policy in place; elsewhere (CI logs, pipes) it prints a line on every change.
import { describePolicy, type PolicyObject } from "../manifests/policy-documents.ts";

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const SECOND_MS = 1000;

export class PolicyProgress {
  private readonly rows = new Map<PolicyObject, string>();
  private drawnLines = 0;

  constructor(
    private readonly out: ProgressOutput,
    policies: PolicyObject[],
    private readonly doneState: string,
  ) {
    for (const policy of policies) this.rows.set(policy, "waiting");
  }

  update(policy: PolicyObject, state: string, elapsedMs: number): void {
    const mark = state === this.doneState ? "✓" : "…";
    const line = `${mark} ${describePolicy(policy)}: ${state} (${Math.round(elapsedMs / SECOND_MS)}s)`;
    this.rows.set(policy, line);
    if (this.out.isTTY) this.redraw();
    else this.out.write(`${line}\n`);
  }

  private redraw(): void {
    // Move up over the previous drawing and clear to the end of the screen, then draw again.
    const up = this.drawnLines ? `\x1b[${this.drawnLines}A\x1b[0J` : "";
    const lines = [...this.rows].map(([policy, line]) => (line === "waiting" ? `… ${describePolicy(policy)}: waiting` : line));
    this.out.write(up + lines.join("\n") + "\n");
    this.drawnLines = lines.length;
  }
}
