import { describeMemoryFor, FARGATE_CPU_MEMORY } from './fargate';
import { azBelongsToRegion, KNOWN_REGIONS } from './regions';

/** Tags that name no release: refused in production, warned about elsewhere. */
export const PLACEHOLDER_TAG = /^(|latest|.*-latest|placeholder|changeme|change-me|todo|tbd|unreleased|none)$/i;
const ECR_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

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

  problems.push(...serviceProblems(env));

  if (env.name === 'production' && env.production !== true) {
    add('production', env.production, 'the environment named "production" must set production: true');
  }
  if (env.production === true) problems.push(...productionProblems(env, azs));
  return problems;
}

function serviceProblems(env: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, value: unknown, message: string) => problems.push({ path, value, message });
  for (const key of ['backendTag', 'frontendTag']) {
    const tag = env.images?.[key];
    if (typeof tag !== 'string') continue;
    if (env.production === true && PLACEHOLDER_TAG.test(tag)) {
      add(`images.${key}`, tag, 'production must pin a released image tag (a git SHA or version), not a placeholder or "latest"');
    } else if (tag !== '' && !ECR_TAG.test(tag)) {
      add(`images.${key}`, tag, 'must be a valid image tag: up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -');
    }
  }
  const services = env.services;
  if (!services) return problems;
  for (const name of ['backend', 'frontend']) {
    const s = services[name];
    if (!s) continue;
    if (typeof s.cpu === 'number' && typeof s.memoryMiB === 'number') {
      const sizes = FARGATE_CPU_MEMORY[s.cpu];
      if (!sizes) {
        add(`services.${name}.cpu`, s.cpu, `Fargate offers cpu ${Object.keys(FARGATE_CPU_MEMORY).join(', ')}`);
      } else if (!sizes.includes(s.memoryMiB)) {
        add(`services.${name}.memoryMiB`, s.memoryMiB, `Fargate offers ${describeMemoryFor(s.cpu)} MiB with cpu ${s.cpu}`);
      }
    }
    if (typeof s.minCount === 'number' && typeof s.maxCount === 'number' && typeof s.desiredCount === 'number') {
      if (!(s.minCount <= s.desiredCount && s.desiredCount <= s.maxCount)) {
        add(`services.${name}.desiredCount`, s.desiredCount, `must lie between minCount (${s.minCount}) and maxCount (${s.maxCount})`);
      }
    }
    if (env.production === true && typeof s.minCount === 'number' && s.minCount < 2) {
      add(`services.${name}.minCount`, s.minCount, 'production needs at least 2 tasks so one AZ or task can fail without an outage');
    }
  }
  const providers: any[] = Array.isArray(services.capacityProviders) ? services.capacityProviders : [];
  const spot = providers.findIndex((p) => p?.provider === 'FARGATE_SPOT');
  if (spot >= 0 && services.cpuArchitecture === 'ARM64') {
    add(`services.capacityProviders.${spot}.provider`, 'FARGATE_SPOT', 'Fargate Spot runs only X86_64 tasks; use cpuArchitecture "X86_64" or FARGATE');
  }
  const onDemand = providers.some((p) => p?.provider === 'FARGATE' && (p.weight > 0 || p.base > 0));
  if (providers.length > 0 && !onDemand) {
    if (env.production === true) {
      add('services.capacityProviders', providers, 'production must place tasks on FARGATE (weight or base above 0); Spot may only add to it');
    } else if (!providers.some((p) => p?.weight > 0)) {
      add('services.capacityProviders', providers, 'at least one capacity provider needs a weight above 0');
    }
  }
  if (typeof services.rateLimitPerHour === 'number' && typeof services.rateLimitPerMinute === 'number' && services.rateLimitPerHour < services.rateLimitPerMinute) {
    add('services.rateLimitPerHour', services.rateLimitPerHour, `must be at least rateLimitPerMinute (${services.rateLimitPerMinute})`);
  }
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
