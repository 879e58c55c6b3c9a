/** Something a suite or policy set cannot decide: a bad manifest, module, file or entry. */
export class SuiteError extends Error {}
