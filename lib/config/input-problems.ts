import * as fs from 'fs';
import * as path from 'path';
import { ConfigProblem } from './problems';
import { cidrProblem } from './network-plan';

type Raw = Record<string, any>;

/** Where an image build needs its Dockerfiles, relative to `images.buildFrom`. */
export const DOCKERFILES = ['backend/Dockerfile.backend', 'frontend/Dockerfile.frontend'] as const;

/**
 * Checks of one environment's inputs that the schema cannot express: host names the load balancer
 * routes on must differ, lists must not repeat an entry, the VPC range must be a network address
 * large enough for the subnet plan, and a build directory must exist. They run on raw input, beside the schema.
 */
export function inputProblems(env: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (p: string, value: unknown, message: string) => problems.push({ path: p, value, message });

  const domain = env.domain;
  if (typeof domain === 'object' && domain !== null) {
    // Each label becomes a listener host rule and a DNS record; two fields naming one host collide.
    const labels: Array<[string, unknown]> = [
      ['domain.apiSubdomain', domain.apiSubdomain],
      ['domain.statusSubdomain', domain.statusSubdomain],
    ];
    if (domain.includeWww === true) {
      for (const [field, label] of labels) {
        if (label === 'www') add(field, label, 'is taken by the www host (domain.includeWww is true); choose another label or set includeWww to false');
      }
    }
    if (typeof domain.apiSubdomain === 'string' && domain.apiSubdomain === domain.statusSubdomain) {
      add('domain.statusSubdomain', domain.statusSubdomain, 'must differ from domain.apiSubdomain: the API and the status page need host names of their own');
    }
  }

  const cidr = env.network?.cidr;
  if (typeof cidr === 'string') {
    const azCount = Array.isArray(env.availabilityZones) && env.availabilityZones.length > 0 ? env.availabilityZones.length : 2;
    const problem = cidrProblem(cidr, azCount);
    if (problem) add('network.cidr', cidr, problem);
  }

  // Each entry becomes a construct or a strategy item of its own; a repeat would collide.
  const lists: Array<[string, unknown, (item: any) => unknown]> = [
    ...['critical', 'warning'].flatMap((topic) =>
      ['emails', 'smsNumbers', 'httpsEndpoints'].map((kind): [string, unknown, (item: any) => unknown] => [`alarms.${topic}.${kind}`, env.alarms?.[topic]?.[kind], (item) => item]),
    ),
    ['services.corsOrigins', env.services?.corsOrigins, (item) => item],
    ['services.capacityProviders', env.services?.capacityProviders, (item) => item?.provider],
  ];
  for (const [field, list, keyOf] of lists) {
    if (!Array.isArray(list)) continue;
    const seen = new Set<unknown>();
    list.forEach((item, i) => {
      const key = keyOf(item);
      if (typeof key !== 'string') return;
      if (seen.has(key)) add(`${field}.${i}`, item, `repeats an earlier entry (${JSON.stringify(key)}); give each once`);
      seen.add(key);
    });
  }

  const buildFrom = env.images?.buildFrom;
  if (typeof buildFrom === 'string' && buildFrom.length > 0) {
    const root = path.resolve(buildFrom);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
      add('images.buildFrom', buildFrom, `must be an existing directory (relative paths start at ${process.cwd()}); nothing is at ${root}`);
    } else {
      const missing = DOCKERFILES.filter((f) => !fs.existsSync(path.join(root, f)));
      if (missing.length > 0) add('images.buildFrom', buildFrom, `must hold ${DOCKERFILES.join(' and ')}; missing ${missing.join(', ')} below ${root}`);
    }
  }
  return problems;
}

/**
 * Rules across environments: a Route 53 hosted zone lives in one account, and a stack can write
 * records (certificate validation, aliases) only into a zone of its own account; a sub-domain gets
 * its own zone through NS records in the parent (Route 53 Developer Guide, "Routing traffic for
 * subdomains"; CDK `CrossAccountZoneDelegationRecord` automates that record). Environments in
 * different accounts therefore need zones of their own; a sub-domain zone is delegated from the
 * parent with an NS record (docs/inputs.md, "Hosted zones").
 */
export function crossEnvironmentProblems(envs: ReadonlyMap<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const owners = new Map<string, { env: string; account: string }>();
  for (const [name, raw] of envs) {
    if (typeof raw !== 'object' || raw === null) continue;
    const { account, domain } = raw as Raw;
    const zone = domain?.hostedZoneId;
    if (typeof zone !== 'string' || typeof account !== 'string' || !/^\d{12}$/.test(account)) continue;
    const owner = owners.get(zone);
    if (!owner) {
      owners.set(zone, { env: name, account });
    } else if (owner.account !== account) {
      problems.push({
        environment: name,
        path: 'domain.hostedZoneId',
        value: zone,
        message:
          `is the hosted zone of ${owner.env} in account ${owner.account}; ${name} deploys to account ${account} and cannot write records into it. ` +
          `Create a hosted zone for ${domain.name ?? `${name}'s domain`} in account ${account}, delegate it from the parent zone with an NS record, and name that zone here`,
      });
    }
  }
  return problems;
}
