// Turns what @kubernetes/client-node throws into one sentence a user can act on.
import { ApiException } from "@kubernetes/client-node";

// Its own file, so that reading manifests does not load the Kubernetes client.
import { ClusterError } from "./cluster-error.ts";
export { ClusterError };

const HTTP_UNAUTHORIZED = 401;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;

/** The request that failed, for the message: `patch clusteradmissionpolicies/required-labels`. */
export interface Attempt {
  verb: string;
  resource: string;
  name?: string;
  /** The API server URL, named when it cannot be reached. */
  server: string;
}

/** The `message` of a Kubernetes Status body, or the body itself when it is text. */
function statusMessage(body: unknown): string {
  if (typeof body === "string") {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return body.trim();
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : "";
}

/** A network-level failure: refused connection, unknown host, TLS trouble. */
function networkReason(err: unknown): string | undefined {
  if (!(err instanceof Error) || err instanceof ApiException) return undefined;
  const code = (err as { code?: unknown }).code ?? (err.cause as { code?: unknown } | undefined)?.code;
  if (typeof code !== "string") return undefined;
  const reason = /reason: (.*)$/.exec(err.message)?.[1];
  return reason ?? code;
}

export function toClusterError(err: unknown, attempt: Attempt): Error {
  if (err instanceof ClusterError) return err;
  const target = attempt.name ? `${attempt.resource}/${attempt.name}` : attempt.resource;
  const network = networkReason(err);
  if (network) return new ClusterError(`cannot reach the Kubernetes API server at ${attempt.server}: ${network}`);
  if (!(err instanceof ApiException)) return err instanceof Error ? err : new Error(String(err));
  const detail = statusMessage(err.body);
  switch (err.code) {
    case HTTP_UNAUTHORIZED:
      return new ClusterError(`the Kubernetes API server at ${attempt.server} rejected the credentials of the current kubeconfig context`);
    case HTTP_FORBIDDEN:
      return new ClusterError(`not allowed to ${attempt.verb} ${target}${detail ? `: ${detail}` : ""}`);
    default:
      return new ClusterError(`${attempt.verb} ${target} failed with HTTP ${err.code}${detail ? `: ${detail}` : ""}`);
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiException && err.code === HTTP_NOT_FOUND;
}
