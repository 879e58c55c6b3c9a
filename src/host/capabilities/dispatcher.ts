// A guest's __host_call handler over fixed capability options: the registry's
// dispatch (src/host/capabilities/registry.ts) bound to one evaluation's sources.
import type { HostCallHandler } from "../guest.ts";
import type { HostCapabilityOptions } from "./capability-entry.ts";
import { dispatchHostCall } from "./registry.ts";

export type { HostCapabilityOptions, PolicyLogEntry } from "./capability-entry.ts";

export function createHostCallHandler(options: HostCapabilityOptions = {}): HostCallHandler {
  return (binding, namespace, operation, payload) => dispatchHostCall(options, binding, namespace, operation, payload);
}
