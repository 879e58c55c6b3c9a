// The formats `wardenkit check` reports in, apart from the formatting itself so that the
// command line can name them without loading the policy set.
export const CHECK_FORMATS = ["text", "json", "junit"] as const;
export type OutputFormat = (typeof CHECK_FORMATS)[number];
