// How much of a registry's answer is read. A manifest (or index) is capped at 4 MiB, the
// distribution registry's own limit for a manifest it accepts (containerd's, 4 × 1048 × 1048
// bytes, is about the same); a module layer at the module size limit, which a caller may raise.
export const MiB = 1024 * 1024;
/** A size given in MiB on the command line, in bytes. */
export const mebibytes = (n: number): number => Math.floor(n * MiB);
export const MAX_MANIFEST_BYTES = 4 * MiB;
/** The policies here are 24 to 33 KB; Kubewarden's largest (Go, Rust with regex tables) a few MiB. */
export const DEFAULT_MAX_MODULE_BYTES = 64 * MiB;
