// Pod capacity of EC2 instance types under the AWS VPC CNI, where every pod
// takes an IPv4 address from one of the node's network interfaces (ENIs).

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
      return this.name + " with prefix delegation, " + (this.vcpus < PREFIX_DELEGATION_LARGE_VCPUS ? "under " : "at least ") + PREFIX_DELEGATION_LARGE_VCPUS.toString() + " vCPUs";
    }
    return this.name + ": " + this.enis.toString() + " ENIs × (" + this.ipv4PerEni.toString() + " IPv4 addresses − 1) + 2";
  }
}

function t(name: string, enis: i32, ipv4PerEni: i32, vcpus: i32): InstanceType {
  return new InstanceType(name, enis, ipv4PerEni, vcpus);
}

let builtIn: InstanceType[] | null = null;

/**
 * From the AWS VPC CNI's eni-max-pods table: ENIs, IPv4 addresses per ENI, vCPUs.
 * Built on first use, not at the start of every instance.
 */
function builtInTypes(): InstanceType[] {
  if (builtIn !== null) return builtIn!;
  const types: InstanceType[] = [
  t("t3.nano", 2, 2, 2), t("t3.micro", 2, 2, 2), t("t3.small", 3, 4, 2), t("t3.medium", 3, 6, 2),
  t("t3.large", 3, 12, 2), t("t3.xlarge", 4, 15, 4), t("t3.2xlarge", 4, 15, 8),
  t("t3a.nano", 2, 2, 2), t("t3a.micro", 2, 2, 2), t("t3a.small", 2, 4, 2), t("t3a.medium", 3, 6, 2),
  t("t3a.large", 3, 12, 2), t("t3a.xlarge", 4, 15, 4), t("t3a.2xlarge", 4, 15, 8),
  t("m5.large", 3, 10, 2), t("m5.xlarge", 4, 15, 4), t("m5.2xlarge", 4, 15, 8), t("m5.4xlarge", 8, 30, 16),
  t("m5.8xlarge", 8, 30, 32), t("m5.12xlarge", 8, 30, 48), t("m5.16xlarge", 15, 50, 64),
  t("m5.24xlarge", 15, 50, 96), t("m5.metal", 15, 50, 96),
  t("m6i.large", 3, 10, 2), t("m6i.xlarge", 4, 15, 4), t("m6i.2xlarge", 4, 15, 8), t("m6i.4xlarge", 8, 30, 16),
  t("m6i.8xlarge", 8, 30, 32), t("m6i.12xlarge", 8, 30, 48), t("m6i.16xlarge", 15, 50, 64),
  t("m6i.24xlarge", 15, 50, 96), t("m6i.32xlarge", 15, 50, 128), t("m6i.metal", 15, 50, 128),
  t("c5.large", 3, 10, 2), t("c5.xlarge", 4, 15, 4), t("c5.2xlarge", 4, 15, 8), t("c5.4xlarge", 8, 30, 16),
  t("c5.9xlarge", 8, 30, 36), t("c5.12xlarge", 8, 30, 48), t("c5.18xlarge", 15, 50, 72),
  t("c5.24xlarge", 15, 50, 96), t("c5.metal", 15, 50, 96),
  t("r5.large", 3, 10, 2), t("r5.xlarge", 4, 15, 4), t("r5.2xlarge", 4, 15, 8), t("r5.4xlarge", 8, 30, 16),
  t("r5.8xlarge", 8, 30, 32), t("r5.12xlarge", 8, 30, 48), t("r5.16xlarge", 15, 50, 64),
  t("r5.24xlarge", 15, 50, 96), t("r5.metal", 15, 50, 96),
];
  builtIn = types;
  return types;
}

function find(types: InstanceType[], name: string): InstanceType | null {
  for (let i = 0; i < types.length; i++) if (types[i].name == name) return types[i];
  return null;
}

/** The settings' own entry for `name` if any, else the built-in one, else null. */
export function lookupInstanceType(custom: InstanceType[], name: string): InstanceType | null {
  const own = find(custom, name);
  return own !== null ? own : find(builtInTypes(), name);
}
