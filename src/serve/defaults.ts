// serve's defaults, apart from the server so that the command line can show them without loading it.
export const DEFAULT_PORT = 8443;
export const DEFAULT_POLICY_TIMEOUT_MS = 2000;
/** Linear memory one evaluation may use; the policies here use a few MiB even for 3 MiB reviews. */
export const DEFAULT_MAX_MEMORY_MIB = 128;
/** How long a stopping serve answers the reviews it already received: the API server's default webhook timeout. */
export const DRAIN_TIMEOUT_MS = 10_000;
