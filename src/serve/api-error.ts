// One sentence out of whatever @kubernetes/client-node threw, for serve's log and answers.
import { ApiException } from "@kubernetes/client-node";

/** The sentence, and the HTTP status when the API server answered one. */
export class KubernetesApiError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export function apiError(err: unknown, what = "the Kubernetes API"): KubernetesApiError {
  if (err instanceof ApiException) {
    let reason = "";
    try {
      reason = (JSON.parse(err.body as string) as { message?: string }).message ?? "";
    } catch {
      reason = typeof err.body === "string" ? err.body : "";
    }
    return new KubernetesApiError(`${what} answered ${err.code}${reason ? `: ${reason}` : ""}`, err.code);
  }
  const e = err as Error & { cause?: Error };
  return new KubernetesApiError(`${what} is unreachable: ${e.cause?.message ?? e.message}`);
}
