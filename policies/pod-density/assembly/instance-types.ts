// Pod capacity of EC2 instance types under the AWS VPC CNI, where every pod
// takes an IPv4 address from one of the node's network interfaces (ENIs).
import { decimal } from "@wardenkit/sdk";

/** Prefix delegation limits that EKS recommends, by vCPU count. */
const PREFIX_DELEGATION_MAX_PODS_SMALL: i64 = 110;
const PREFIX_DELEGATION_MAX_PODS_LARGE: i64 = 250;
const PREFIX_DELEGATION_LARGE_VCPUS: i32 = 30;

export class InstanceType {
  /** `vcpus` 0 means unknown, which only prefix delegation needs. */
  constructor(public name: string, public enis: i32, public ipv4PerEni: i32, public vcpus: i32) {}

  /** One address of each ENI is its own; the two host-network pods (aws-node, kube-proxy) need none. */
  get eniMaxPods(): i64 {
    return <i64>this.enis * <i64>(this.ipv4PerEni - 1) + 2;
  }

  get prefixDelegationMaxPods(): i64 {
    return this.vcpus < PREFIX_DELEGATION_LARGE_VCPUS ? PREFIX_DELEGATION_MAX_PODS_SMALL : PREFIX_DELEGATION_MAX_PODS_LARGE;
  }

  maxPods(prefixDelegation: bool): i64 {
    return prefixDelegation ? this.prefixDelegationMaxPods : this.eniMaxPods;
  }

  /** How the limit was derived, for messages. */
  explain(prefixDelegation: bool): string {
    if (prefixDelegation) {
      return this.name + " with prefix delegation, " + (this.vcpus < PREFIX_DELEGATION_LARGE_VCPUS ? "under " : "at least ") + decimal(PREFIX_DELEGATION_LARGE_VCPUS) + " vCPUs";
    }
    return this.name + ": " + decimal(this.enis) + " ENIs × (" + decimal(this.ipv4PerEni) + " IPv4 addresses − 1) + 2";
  }
}

/**
 * From the AWS VPC CNI's eni-max-pods table, by family: each size with its
 * ENIs, IPv4 addresses per ENI and vCPUs. Kept as text, which is far smaller in
 * a module than a table of objects, and read only for the node's own type;
 * rows that families share are written once.
 */
const T3_SIZES = ",nano 2 2 2,micro 2 2 2,medium 3 6 2,large 3 12 2,xlarge 4 15 4,2xlarge 4 15 8";
const T3_SMALL = ",small 3 4 2";
const T3A_SMALL = ",small 2 4 2";
const LARGE_SIZES = ",large 3 10 2,xlarge 4 15 4,2xlarge 4 15 8,4xlarge 8 30 16,12xlarge 8 30 48,24xlarge 15 50 96";
const M5_SIZES = ",8xlarge 8 30 32,16xlarge 15 50 64,metal 15 50 96";
const M6I_SIZES = ",8xlarge 8 30 32,16xlarge 15 50 64,32xlarge 15 50 128,metal 15 50 128";
const C5_SIZES = ",9xlarge 8 30 36,18xlarge 15 50 72,metal 15 50 96";

/** The rows only `family` has ("" for an unknown family). */
function ownRows(family: string): string {
  if (family == "t3") return T3_SMALL;
  if (family == "t3a") return T3A_SMALL;
  if (family == "m5" || family == "r5") return M5_SIZES;
  if (family == "m6i") return M6I_SIZES;
  if (family == "c5") return C5_SIZES;
  return "";
}

/** The rows `family` shares with others. */
function sharedRows(family: string): string {
  return family.startsWith("t3") ? T3_SIZES : LARGE_SIZES;
}

/** The whole number in `text` from `from` up to the next space, comma or the end. */
function numberAt(text: string, from: i32): i32 {
  let n = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

/** The built-in entry for `name` (e.g. "m5.large"), or null. */
function builtInType(name: string): InstanceType | null {
  const dot = name.indexOf(".");
  if (dot < 0) return null;
  const family = name.substring(0, dot);
  let sizes = ownRows(family);
  if (sizes.length == 0) return null;
  const row = "," + name.substring(dot + 1) + " ";
  let at = sizes.indexOf(row);
  if (at < 0) at = (sizes = sharedRows(family)).indexOf(row);
  if (at < 0) return null;
  const enisAt = sizes.indexOf(" ", at) + 1;
  const ipv4At = sizes.indexOf(" ", enisAt) + 1;
  const vcpusAt = sizes.indexOf(" ", ipv4At) + 1;
  return new InstanceType(name, numberAt(sizes, enisAt), numberAt(sizes, ipv4At), numberAt(sizes, vcpusAt));
}

function find(types: InstanceType[], name: string): InstanceType | null {
  for (let i = 0; i < types.length; i++) if (unchecked(types[i]).name == name) return unchecked(types[i]);
  return null;
}

/** The settings' own entry for `name` if any, else the built-in one, else null. */
export function lookupInstanceType(custom: InstanceType[], name: string): InstanceType | null {
  const own = find(custom, name);
  return own !== null ? own : builtInType(name);
}
