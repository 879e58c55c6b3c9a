// Prometheus metrics of the server, on a registry of its own so that several
// servers (tests) in one process do not share counters.
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export class ServeMetrics {
  readonly registry = new Registry();

  readonly evaluations = new Counter({
    name: "wardenkit_policy_evaluations_total",
    help: "Admission reviews evaluated, by policy, verdict (accepted, mutated, rejected, error, timeout, cancelled: the client went away) and mode",
    labelNames: ["policy_id", "verdict", "mode"] as const,
    registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: "wardenkit_policy_evaluation_duration_seconds",
    help: "Time from a review's arrival to its answer, by policy",
    labelNames: ["policy_id"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly timeouts = new Counter({
    name: "wardenkit_policy_timeouts_total",
    help: "Evaluations stopped because they exceeded the policy timeout",
    labelNames: ["policy_id"] as const,
    registers: [this.registry],
  });

  readonly reloads = new Counter({
    name: "wardenkit_policy_reloads_total",
    help: "Policy (re)loads, by policy and result (loaded, failed, removed)",
    labelNames: ["policy_id", "result"] as const,
    registers: [this.registry],
  });

  readonly policies = new Gauge({
    name: "wardenkit_policies_served",
    help: "Policies currently served",
    registers: [this.registry],
  });

  readonly events = new Counter({
    name: "wardenkit_kubernetes_events_total",
    help: "Kubernetes Events for denials, by action: created, updated (a raised count written), retried (a write the API server "
      + "could not answer, tried again), failed (a write it refused), shed (a denial that got no Event: the queue was full), "
      + "unwritten (Events or raised counts still waiting when serve stopped)",
    labelNames: ["action"] as const,
    registers: [this.registry],
  });

  /** Where the pending gauge reads from: the server's denial Events, once there are any. */
  pendingEvents: () => number = () => 0;

  readonly eventsPending: Gauge = new Gauge({
    name: "wardenkit_kubernetes_events_pending",
    help: "Kubernetes Events for denials waiting to be written (new Events and raised counts)",
    registers: [this.registry],
    collect: (): void => this.eventsPending.set(this.pendingEvents()),
  });

  readonly refusedConnections = new Counter({
    name: "wardenkit_connections_refused_total",
    help: "Connections closed as they were accepted because the connection cap was reached",
    registers: [this.registry],
  });

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
