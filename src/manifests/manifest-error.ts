/** A policy manifest that cannot be written: one sentence saying what to change. */
export class ManifestError extends Error {}
