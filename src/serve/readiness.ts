// What /readiness answers. A Kubernetes readiness probe decides whether a pod gets traffic:
// 503 takes serve out of its Service, which would stop every policy being answered. So 503
// means that some configured policy cannot be answered at all (not loaded yet, or never
// loaded); a policy whose new version or settings are broken, while its previous version
// still serves, leaves serve ready (200) and is named in the text, as is a config file that
// cannot be used while the policies of its previous version serve.
import type { ConfigProblem } from "./config.ts";

export interface ReadinessState {
  stopping: boolean;
  loading: boolean;
  /** Configured policies that are not served at all. */
  unserved: ConfigProblem[];
  /** Policies whose last load failed, still served in their previous version. */
  stale: ConfigProblem[];
  /** Why the config (policies.yml or dist/) could not be read at the last reload; null when it could. */
  configProblem: string | null;
}

export interface Readiness {
  ready: boolean;
  /** One line: "ready" or why not, then what serves an earlier version and why. */
  text: string;
}

function clauses(problems: ConfigProblem[]): string {
  return problems.map((p) => `${p.id} (${p.error})`).join("; ");
}

export function readiness(state: ReadinessState): Readiness {
  if (state.stopping) return { ready: false, text: "the server is shutting down" };
  if (state.loading) return { ready: false, text: "policies are still loading" };
  const ready = state.unserved.length === 0;
  const parts = [ready ? "ready" : `not every policy is served: ${clauses(state.unserved)}`];
  if (state.configProblem) parts.push(`still serving the previous configuration (${state.configProblem})`);
  if (state.stale.length > 0) parts.push(`still serving the previous version of ${clauses(state.stale)}`);
  return { ready, text: parts.join("; ") };
}
