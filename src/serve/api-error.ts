// One sentence out of whatever @kubernetes/client-node threw, for serve's log and answers.
import { ApiException } from "@kubernetes/client-node";

export function apiError(err: unknown, what = "the Kubernetes API"): Error {
  if (err instanceof ApiException) {
    let reason = "";
    try {
      reason = (JSON.parse(err.body as string) as { message?: string }).message ?? "";
    } catch {
      reason = typeof err.body === "string" ? err.body : "";
    }
    return new Error(`${what} answered ${err.code}${reason ? `: ${reason}` : ""}`);
  }
  const e = err as Error & { cause?: Error };
  return new Error(`${what} is unreachable: ${e.cause?.message ?? e.message}`);
}
