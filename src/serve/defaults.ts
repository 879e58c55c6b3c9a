// serve's defaults, apart from the server so that the command line can show them without loading it.
export const DEFAULT_PORT = 8443;
export const DEFAULT_POLICY_TIMEOUT_MS = 2000;
