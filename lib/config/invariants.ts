import { azBelongsToRegion, KNOWN_REGIONS } from './regions';

/** One problem found in an environment's config. */
export interface ConfigProblem {
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

type Raw = Record<string, any>;

/**
 * Rules that span fields, plus the production invariants. They run on the raw
 * input even when the schema already failed, so every problem shows at once.
 */
export function crossFieldProblems(env: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, value: unknown, message: string) => problems.push({ path, value, message });

  const azs: unknown[] = Array.isArray(env.availabilityZones) ? env.availabilityZones : [];
  const regionKnown = KNOWN_REGIONS.includes(env.region);
  azs.forEach((az, i) => {
    if (regionKnown && typeof az === 'string' && !azBelongsToRegion(az, env.region)) {
      add(`availabilityZones.${i}`, az, `is not an availability zone of region ${env.region}; use ${env.region}a, ${env.region}b, ...`);
    }
  });
  if (new Set(azs).size !== azs.length) add('availabilityZones', azs, 'must not repeat an availability zone');

  const nat = env.network?.natGateways;
  if (typeof nat === 'number' && azs.length > 0 && nat > azs.length) {
    add('network.natGateways', nat, `must not exceed the number of availability zones (${azs.length})`);
  }
  if (env.cache?.multiAz === true && env.cache?.replicasPerShard === 0) {
    add('cache.replicasPerShard', 0, 'Multi-AZ needs at least 1 replica to fail over to');
  }

  if (env.name === 'production' && env.production !== true) {
    add('production', env.production, 'the environment named "production" must set production: true');
  }
  if (env.production === true) problems.push(...productionProblems(env, azs));
  return problems;
}

function productionProblems(env: Raw, azs: unknown[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, value: unknown, message: string) => problems.push({ path, value, message });
  const why = 'production';

  if (env.debug !== false) add('debug', env.debug, `${why} must run with debug off (false)`);
  if (typeof env.documentDb?.instances === 'number' && env.documentDb.instances < 2) {
    add('documentDb.instances', env.documentDb.instances, `${why} needs at least 2 DocumentDB instances (a primary and a replica in another AZ)`);
  }
  if (env.documentDb?.deletionProtection !== true) {
    add('documentDb.deletionProtection', env.documentDb?.deletionProtection, `${why} must turn on deletion protection (true)`);
  }
  if (typeof env.documentDb?.backupRetentionDays === 'number' && env.documentDb.backupRetentionDays < 7) {
    add('documentDb.backupRetentionDays', env.documentDb.backupRetentionDays, `${why} must keep backups at least 7 days`);
  }
  if (env.cache?.multiAz !== true) add('cache.multiAz', env.cache?.multiAz, `${why} needs a Multi-AZ cache with automatic failover (true)`);
  if (typeof env.cache?.replicasPerShard === 'number' && env.cache.replicasPerShard < 1) {
    add('cache.replicasPerShard', env.cache.replicasPerShard, `${why} needs at least 1 cache replica`);
  }
  if (typeof env.network?.natGateways === 'number' && azs.length > 0 && env.network.natGateways !== azs.length) {
    add('network.natGateways', env.network.natGateways, `${why} needs one NAT gateway per availability zone (${azs.length}) so losing an AZ does not cut egress`);
  }
  const critical = env.alarms?.critical;
  const destinations = ['emails', 'smsNumbers', 'httpsEndpoints']
    .map((k) => (Array.isArray(critical?.[k]) ? critical[k].length : 0))
    .reduce((a, b) => a + b, 0);
  if (destinations === 0) {
    add('alarms.critical', critical, `${why} needs at least one critical alarm destination (an email, SMS number or HTTPS webhook)`);
  }
  return problems;
}
