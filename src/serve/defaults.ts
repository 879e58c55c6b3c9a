// serve's defaults, apart from the server so that the command line can show them without loading it.
export const DEFAULT_PORT = 8443;
export const DEFAULT_POLICY_TIMEOUT_MS = 2000;
/** Linear memory one evaluation may use; the policies here use a few MiB even for 3 MiB reviews. */
export const DEFAULT_MAX_MEMORY_MIB = 128;
/** How long a stopping serve answers the reviews it already received: the API server's default webhook timeout. */
export const DRAIN_TIMEOUT_MS = 10_000;
/** How fast denial Events are written: the kubelet's defaults for its own Events (eventBurst, eventRecordQPS). */
export const DEFAULT_EVENT_BURST = 100;
export const DEFAULT_EVENT_QPS = 50;
/** How long a stopping serve writes the denial Events still pending, after the drain. */
export const EVENTS_CLOSE_TIMEOUT_MS = 5000;
