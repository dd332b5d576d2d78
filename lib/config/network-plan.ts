import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** One subnet of each group per availability zone; the VPC construct and validation share this plan. */
export interface SubnetPlanEntry {
  readonly name: 'Public' | 'Private' | 'Isolated';
  readonly subnetType: ec2.SubnetType;
  /** Prefix length of each subnet of the group. */
  readonly cidrMask: number;
}

/** Public (ALB, NAT) /24, private-with-egress (tasks, Lambdas) /20, isolated (data tier) /24, per AZ. */
export const SUBNET_PLAN: readonly SubnetPlanEntry[] = [
  { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
  { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
  { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
];

// "The smallest VPC you can create uses a /28 netmask ..., and the largest uses a /16 netmask" (EC2 API Reference, CreateVpc).
/** Prefix lengths a VPC's primary range may have. */
export const VPC_PREFIX = { min: 16, max: 28 } as const;

/** Octets of a dotted IPv4 address, or undefined when it is not one. */
function octets(address: string): number[] | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0')))) return undefined;
  return parts.map(Number);
}

/**
 * Whether the plan's subnets fit in a range of `prefix` across `azCount` zones. Mirrors the VPC
 * construct's allocator (groups in plan order, each subnet aligned to its own size) in arithmetic:
 * the allocator itself throws on a miss, and every error the CDK constructs writes its code into
 * the CLI's `CDK_ERROR_FILE` (cdk.out/error.txt), even when caught.
 */
function planFits(prefix: number, azCount: number): boolean {
  let next = 0;
  for (const entry of SUBNET_PLAN) {
    const size = 2 ** (32 - entry.cidrMask);
    // The group's first subnet aligns to its size; the others follow it, already aligned.
    next = Math.ceil(next / size) * size + azCount * size;
  }
  return next <= 2 ** (32 - prefix);
}

/** Every prefix a VPC may have, smallest range first. */
const PREFIXES = Array.from({ length: VPC_PREFIX.max - VPC_PREFIX.min + 1 }, (_, i) => VPC_PREFIX.max - i);

/** The longest prefix (smallest range) that holds the plan in `azCount` zones; the largest VPC when none does. */
export function largestPrefixFor(azCount: number): number {
  return PREFIXES.find((prefix) => planFits(prefix, azCount)) ?? VPC_PREFIX.min;
}

/** What is wrong with a VPC range for `azCount` zones, or undefined when it works. */
export function cidrProblem(cidr: string, azCount: number): string | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(cidr);
  const address = m ? octets(m[1]) : undefined;
  if (!m || !address) return 'must be an IPv4 CIDR block a.b.c.d/n with each of a-d from 0 to 255, e.g. "10.10.0.0/16"';
  const prefix = Number(m[2]);
  if (prefix < VPC_PREFIX.min || prefix > VPC_PREFIX.max) return `must have a prefix from /${VPC_PREFIX.min} to /${VPC_PREFIX.max} (the sizes a VPC accepts)`;
  const value = address.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (value % size !== 0) {
    const base = value - (value % size);
    const start = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.');
    return `has host bits set; the block starting at the network address is ${start}/${prefix}`;
  }
  const needed = largestPrefixFor(azCount);
  if (prefix > needed) {
    const plan = SUBNET_PLAN.map((e) => `a /${e.cidrMask} ${e.name.toLowerCase()}`).join(', ');
    return `is too small for the subnet plan (${plan} subnet per AZ, in ${azCount} AZs); use a /${needed} or larger`;
  }
  return undefined;
}
