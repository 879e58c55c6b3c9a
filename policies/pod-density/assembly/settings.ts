import { JsonValue, SettingsReader, SettingsValidationResponse, settingsVerdict } from "../../../sdk/assembly";
import { InstanceType, lookupInstanceType } from "./instance-types";

const KNOWN_SETTINGS = ["maxPodsPerNode", "eniMaxPods", "prefixDelegation", "instanceTypes", "maxPodsPerNamespace"];
const INSTANCE_TYPE_FIELDS = ["enis", "ipv4PerEni", "vcpus"];
/** 0 stands for "no limit" in the limit fields below. */
const NO_LIMIT: i64 = 0;
/** Far above any real instance, and small enough that the pod formula cannot overflow. */
const MAX_INSTANCE_FIELD: i64 = 1024;

export class Settings {
  constructor(
    public maxPodsPerNode: i64,
    public eniMaxPods: bool,
    public prefixDelegation: bool,
    public instanceTypes: InstanceType[],
    public maxPodsPerNamespace: i64,
    public error: string | null,
  ) {}

  /** `strict` checks everything, for validate_settings; validate reads settings already checked. */
  static parse(json: JsonValue, strict: bool = false): Settings {
    const reader = new SettingsReader(json, KNOWN_SETTINGS, strict);
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
    return new Settings(perNode, eni, prefix, types, perNamespace, reader.error);
  }

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

/** `instanceTypes: { "<type>": { enis, ipv4PerEni, vcpus } }`; vcpus is needed only with prefix delegation. */
function parseInstanceTypes(reader: SettingsReader, prefixDelegation: bool): InstanceType[] {
  const out = new Array<InstanceType>();
  const value = reader.settings.get("instanceTypes");
  if (value.isAbsent) return out;
  if (!value.isObject) {
    reader.fail("instanceTypes must be an object of instance types, not " + value.typeName);
    return out;
  }
  const members = value.members();
  for (let i = 0; i < members.length; i++) {
    const name = members[i].key;
    const entry = members[i].value;
    const where = "instanceTypes." + name;
    if (!entry.isObject) {
      reader.fail(where + " must be an object like {\"enis\": 3, \"ipv4PerEni\": 10}, not " + entry.typeName);
      return out;
    }
    const fields = new SettingsReader(entry, INSTANCE_TYPE_FIELDS, reader.strict);
    if (!fields.has("enis") || !fields.has("ipv4PerEni")) fields.fail("enis and ipv4PerEni are required");
    const enis = fields.integer("enis", 1, 1);
    const ipv4PerEni = fields.integer("ipv4PerEni", 1, 1);
    if (prefixDelegation && !fields.has("vcpus")) fields.fail("vcpus is required with prefixDelegation: true");
    const vcpus = fields.integer("vcpus", 1, 0);
    if (enis > MAX_INSTANCE_FIELD || ipv4PerEni > MAX_INSTANCE_FIELD || vcpus > MAX_INSTANCE_FIELD) {
      fields.fail("enis, ipv4PerEni and vcpus must be at most " + MAX_INSTANCE_FIELD.toString());
    }
    if (fields.error !== null) {
      reader.fail(where + ": " + fields.error!);
      return out;
    }
    out.push(new InstanceType(name, <i32>enis, <i32>ipv4PerEni, <i32>vcpus));
  }
  return out;
}

export function validateSettings(json: JsonValue): SettingsValidationResponse {
  return settingsVerdict(Settings.parse(json, true).error);
}
