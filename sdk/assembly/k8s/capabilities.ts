// Linux capability names as container runtimes read them: Kubernetes lets a
// container write "NET_ADMIN" or "CAP_NET_ADMIN", and the runtime upper-cases
// the name and adds the CAP_ prefix itself.
import { asciiUpper } from "../text/ascii-case";

/**
 * Every capability of the Linux kernel (capability.h), without the CAP_ prefix,
 * each between spaces: one string is far smaller in a module than an array.
 */
// @ts-ignore: decorator
@lazy const LINUX_CAPABILITIES = " CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE ";

/**
 * A capability name as the runtime reads it: "cap_net_admin", "CAP_NET_ADMIN"
 * and "NET_ADMIN" all become "NET_ADMIN".
 *
 * @example
 * normaliseCapability("cap_net_admin") // "NET_ADMIN"
 */
export function normaliseCapability(name: string): string {
  const upper = asciiUpper(name);
  return upper.startsWith("CAP_") ? upper.substring(4) : upper;
}

/**
 * Whether `name` (with or without CAP_, in any case) names a Linux capability.
 *
 * @example
 * isLinuxCapability("CAP_CHOWN") // true
 * isLinuxCapability("ALL")       // false
 */
export function isLinuxCapability(name: string): bool {
  const normalised = normaliseCapability(name);
  return normalised.length > 0 && normalised.indexOf(" ") < 0 && LINUX_CAPABILITIES.includes(" " + normalised + " ");
}
