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

/** Server-side apply's answer to a field the schema does not have (HTTP 500). */
const UNDECLARED_FIELD = /^failed to create typed patch object \([^)]*\): \.?([^\s:]+): (.+)$/;

interface StatusCause {
  field?: string;
  message?: string;
}

/** `field spec.mode: Unsupported value…`, one per field the API server rejected; none when it named none. */
function rejectedFields(body: unknown, detail: string): string[] {
  const undeclared = UNDECLARED_FIELD.exec(detail);
  if (undeclared) return [`field ${undeclared[1]}: ${undeclared[2]}`];
  let status = body;
  if (typeof body === "string") {
    try {
      status = JSON.parse(body);
    } catch {
      return [];
    }
  }
  const causes = (status as { details?: { causes?: StatusCause[] } } | undefined)?.details?.causes ?? [];
  return causes.filter((c) => c.field).map((c) => `field ${c.field}: ${c.message ?? "rejected"}`);
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
    default: {
      const fields = rejectedFields(err.body, detail);
      if (fields.length) return new ClusterError(`the API server rejected ${target}: ${fields.join("; ")}`);
      return new ClusterError(`${attempt.verb} ${target} failed with HTTP ${err.code}${detail ? `: ${detail}` : ""}`);
    }
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiException && err.code === HTTP_NOT_FOUND;
}
