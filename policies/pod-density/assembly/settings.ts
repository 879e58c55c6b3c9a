import { SettingsReader, decimal } from "@wardenkit/sdk";
import { InstanceType, lookupInstanceType } from "./instance-types";

/** 0 stands for "no limit" in the limit fields below. */
const NO_LIMIT: i64 = 0;
/** Far above any real instance, and small enough that the pod formula cannot overflow. */
const MAX_INSTANCE_FIELD: i64 = 1024;

export class Settings {
  constructor(
    readonly maxPodsPerNode: i64,
    readonly eniMaxPods: bool,
    readonly prefixDelegation: bool,
    readonly instanceTypes: InstanceType[],
    readonly maxPodsPerNamespace: i64,
  ) {}

  /** Whether any limit needs to know the node. */
  get limitsNodes(): bool {
    return this.eniMaxPods || this.maxPodsPerNode != NO_LIMIT;
  }

  get limitsNamespaces(): bool {
    return this.maxPodsPerNamespace != NO_LIMIT;
  }

  instanceType(name: string): InstanceType | null {
    return lookupInstanceType(this.instanceTypes, name);
  }
}

export function parseSettings(reader: SettingsReader): Settings {
  const perNode = reader.integer("maxPodsPerNode", 1, NO_LIMIT);
  const eni = reader.bool("eniMaxPods", false);
  const prefix = reader.bool("prefixDelegation", false);
  const types = parseInstanceTypes(reader, prefix);
  const perNamespace = reader.integer("maxPodsPerNamespace", 1, NO_LIMIT);
  if (reader.ok && perNode == NO_LIMIT && !eni && perNamespace == NO_LIMIT) {
    reader.fail("set at least one limit: maxPodsPerNode, eniMaxPods: true or maxPodsPerNamespace");
  }
  if (prefix && !eni) reader.fail("prefixDelegation only applies with eniMaxPods: true");
  if (types.length > 0 && !eni) reader.fail("instanceTypes only apply with eniMaxPods: true");
  return new Settings(perNode, eni, prefix, types, perNamespace);
}

/** `instanceTypes: { "<type>": { enis, ipv4PerEni, vcpus } }`; vcpus is needed only with prefix delegation. */
function parseInstanceTypes(reader: SettingsReader, prefixDelegation: bool): InstanceType[] {
  const out = new Array<InstanceType>();
  const entries = reader.entries("instanceTypes", "an object like {\"enis\": 3, \"ipv4PerEni\": 10}");
  for (let i = 0; i < entries.length && reader.ok; i++) {
    const entry = unchecked(entries[i]);
    if (!entry.has("enis") || !entry.has("ipv4PerEni")) entry.fail(entry.path + ": enis and ipv4PerEni are required");
    const enis = entry.integer("enis", 1, 1);
    const ipv4PerEni = entry.integer("ipv4PerEni", 1, 1);
    if (prefixDelegation && !entry.has("vcpus")) entry.fail(entry.path + ": vcpus is required with prefixDelegation: true");
    const vcpus = entry.integer("vcpus", 1, 0);
    if (enis > MAX_INSTANCE_FIELD || ipv4PerEni > MAX_INSTANCE_FIELD || vcpus > MAX_INSTANCE_FIELD) {
      entry.fail(entry.path + ": enis, ipv4PerEni and vcpus must be at most " + decimal(MAX_INSTANCE_FIELD));
    }
    out.push(new InstanceType(entry.name, <i32>enis, <i32>ipv4PerEni, <i32>vcpus));
  }
  return out;
}
