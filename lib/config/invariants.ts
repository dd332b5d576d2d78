import { describeMemoryFor, FARGATE_CPU_MEMORY } from './fargate';
import { KNOWN_REGIONS } from './regions';
import { IMAGE_TAG, IMAGE_TAG_RULE, restoredClusterName } from '../contracts';

/** Tags that name no release: refused in production, warned about elsewhere. */
export const PLACEHOLDER_TAG = /^(|latest|.*-latest|placeholder|changeme|change-me|todo|tbd|unreleased|none)$/i;
import { ConfigProblem, isObject, valueAt } from './problems';
import { DOCDB_SNAPSHOT, EnvironmentConfig } from './schema';
import { HH_MM, MIN_ON_MINUTES, minutesOf, OFF_HOURS_STEPS } from './off-hours';
import { DEFAULT_DOCDB_ENGINE_VERSION, DOCDB_INSTANCE_CLASSES, DOCDB_INSTANCE_CLASSES_BY_VERSION, DocdbEngineVersion } from './allowed-values';

export type { ConfigProblem };

type Raw = Record<string, any>;

/** AZ names are the region name plus one letter (eu-west-1a). */
function azBelongsToRegion(az: string, region: string): boolean {
  return az.startsWith(region) && /^[a-f]$/.test(az.slice(region.length));
}

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
  if (env.cache?.multiAz === true && env.cache.replicasPerShard === 0) {
    add('cache.replicasPerShard', 0, 'Multi-AZ needs at least 1 replica to fail over to');
  }

  problems.push(...serviceProblems(env), ...docdbEngineProblems(env), ...offHoursProblems(env));
  if (env.canary?.secondRegion != null && env.canary.secondRegion === env.region) {
    add('canary.secondRegion', env.canary.secondRegion, `must differ from the environment's region (${env.region}): the canary already runs there`);
  }

  if (env.name === 'production' && env.production !== true) {
    add('production', env.production, 'the environment named "production" must set production: true');
  }
  if (env.production === true) problems.push(...productionProblems(env, azs));
  problems.push(...backupProblems(env));
  return problems;
}

/** The off-hours schedule: never in production, and every step inside one day (lib/config/off-hours.ts). */
function offHoursProblems(env: Raw): ConfigProblem[] {
  const window = env.offHours;
  if (window === undefined) return [];
  if (env.production === true) {
    return [{ path: 'offHours', value: window, message: 'must not be set in production: its services and database run around the clock' }];
  }
  if (!isObj(window) || !HH_MM.test(window.startAt) || !HH_MM.test(window.stopAt)) return [];
  const problems: ConfigProblem[] = [];
  const start = minutesOf(window.startAt);
  const stop = minutesOf(window.stopAt);
  const earliest = -OFF_HOURS_STEPS.startDatabase.minutes;
  const latest = 24 * 60 - 1 - OFF_HOURS_STEPS.stopDatabase.minutes;
  if (start < earliest)
    problems.push({
      path: 'offHours.startAt',
      value: window.startAt,
      message: `must be ${hhmm(earliest)} or later: DocumentDB starts ${earliest} minutes before, on the same day`,
    });
  if (stop > latest)
    problems.push({
      path: 'offHours.stopAt',
      value: window.stopAt,
      message: `must be ${hhmm(latest)} or earlier: DocumentDB stops ${OFF_HOURS_STEPS.stopDatabase.minutes} minutes after, on the same day`,
    });
  if (stop - start < MIN_ON_MINUTES)
    problems.push({ path: 'offHours.stopAt', value: window.stopAt, message: `must be at least ${MIN_ON_MINUTES} minutes after startAt (${window.startAt})` });
  return problems;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Instance classes differ per engine version (an unknown class is the schema's to report). */
function docdbEngineProblems(env: Raw): ConfigProblem[] {
  const db = env.documentDb;
  if (!isObj(db)) return [];
  const version = db.engineVersion ?? DEFAULT_DOCDB_ENGINE_VERSION;
  const classes: readonly string[] | undefined = DOCDB_INSTANCE_CLASSES_BY_VERSION[version as DocdbEngineVersion];
  if (classes === undefined || !DOCDB_INSTANCE_CLASSES.includes(db.instanceClass) || classes.includes(db.instanceClass)) return [];
  return [{ path: 'documentDb.instanceClass', value: db.instanceClass, message: `is not offered on DocumentDB ${version}; use one of ${classes.join(', ')}` }];
}

const isNum = (v: unknown): v is number => Number.isFinite(v);
/** The raw input is untyped JSON: a plain object's fields are read as `any`. */
const isObj = (v: unknown): v is Raw => isObject(v);

export { restoredClusterName };

/** Backup, recovery testing and disaster-recovery rules. */
export function backupProblems(env: Raw, now: Date = new Date()): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, value: unknown, message: string) => problems.push({ path, value, message });
  const backup = env.backup;
  if (!isObj(backup)) return problems;

  if (isNum(backup.dailyRetentionDays) && backup.dailyRetentionDays < 30) {
    add('backup.dailyRetentionDays', backup.dailyRetentionDays, 'daily recovery points must be kept at least 30 days');
  }
  const retentions: Array<[string, unknown]> = [
    ['backup.dailyRetentionDays', backup.dailyRetentionDays],
    ['backup.weeklyRetentionDays', backup.weeklyRetentionDays],
    ['backup.monthlyRetentionDays', backup.monthlyRetentionDays],
  ];
  if (isNum(backup.weeklyRetentionDays) && isNum(backup.dailyRetentionDays) && backup.weeklyRetentionDays <= backup.dailyRetentionDays) {
    add('backup.weeklyRetentionDays', backup.weeklyRetentionDays, `must be longer than dailyRetentionDays (${backup.dailyRetentionDays}), or null to skip weekly backups`);
  }
  const longestShorter = [backup.weeklyRetentionDays, backup.dailyRetentionDays].find(isNum);
  if (isNum(backup.monthlyRetentionDays) && isNum(longestShorter) && backup.monthlyRetentionDays <= longestShorter) {
    add('backup.monthlyRetentionDays', backup.monthlyRetentionDays, `must be longer than the weekly and daily retention (${longestShorter}), or null to skip monthly backups`);
  }

  const window = backup.scheduleWindow;
  if (isObj(window)) {
    if (isNum(window.startWindowHours) && isNum(window.completionWindowHours) && window.completionWindowHours < window.startWindowHours + 1) {
      add(
        'backup.scheduleWindow.completionWindowHours',
        window.completionWindowHours,
        `must be at least startWindowHours + 1 (${window.startWindowHours + 1}); AWS Backup refuses shorter completion windows`,
      );
    }
    const docdbWindow = env.documentDb?.preferredBackupWindow;
    if (isNum(window.startHourUtc) && typeof docdbWindow === 'string' && /^\d\d:\d\d-\d\d:\d\d$/.test(docdbWindow)) {
      const [from, to] = docdbWindow.split('-').map(minutesOf);
      const start = window.startHourUtc * 60;
      const inside = from <= to ? start >= from && start < to : start >= from || start < to;
      if (inside) {
        add(
          'backup.scheduleWindow.startHourUtc',
          window.startHourUtc,
          `must not fall in documentDb.preferredBackupWindow (${docdbWindow}): DocumentDB refuses snapshots while its automated backup runs`,
        );
      }
    }
  }

  const lock = backup.vaultLock;
  if (isObj(lock)) {
    const { minRetentionDays: min, maxRetentionDays: max } = lock;
    if (isNum(min) && isNum(max) && min > max) {
      add('backup.vaultLock.minRetentionDays', min, `must not exceed maxRetentionDays (${max})`);
    }
    for (const [path, days] of retentions) {
      if (!isNum(days)) continue;
      if (isNum(min) && days < min) add(path, days, `is shorter than backup.vaultLock.minRetentionDays (${min}); the locked vault would refuse these recovery points`);
      if (isNum(max) && days > max) add(path, days, `is longer than backup.vaultLock.maxRetentionDays (${max}); the locked vault would refuse these recovery points`);
    }
    if (lock.mode === 'compliance' && lock.changeableForDays === null) {
      add('backup.vaultLock.changeableForDays', null, 'compliance mode needs a grace period of at least 3 days (the lock cannot be undone after it)');
    }
    if (lock.mode === 'governance' && lock.changeableForDays !== null && lock.changeableForDays !== undefined) {
      add('backup.vaultLock.changeableForDays', lock.changeableForDays, 'applies to compliance mode only; set null for governance mode');
    }
  }

  if (typeof backup.copyToRegion === 'string' && backup.copyToRegion === env.region) {
    add('backup.copyToRegion', backup.copyToRegion, `must differ from region (${env.region}); a copy in the same region does not survive losing the region`);
  }

  const isolation = backup.isolation;
  if (isObj(isolation) && isolation.kind === 'logically-air-gapped') {
    const { minRetentionDays: min, maxRetentionDays: max } = isolation;
    if (isNum(min) && isNum(max) && min > max) add('backup.isolation.minRetentionDays', min, `must not exceed maxRetentionDays (${max})`);
    for (const [path, days] of retentions) {
      if (!isNum(days)) continue;
      if ((isNum(min) && days < min) || (isNum(max) && days > max))
        add(path, days, `is outside backup.isolation's retention bounds (${min}-${max} days); the air-gapped vault would refuse these copies`);
    }
  }
  if (isObj(isolation) && isolation.kind === 'separate-account' && typeof isolation.vaultArn === 'string' && isolation.vaultArn.split(':')[4] === env.account) {
    add('backup.isolation.vaultArn', isolation.vaultArn, `must be a vault of another account than ${String(env.account)}; a copy in the same account falls with it`);
  }

  const testing = backup.restoreTesting;
  if (
    isObj(testing) &&
    isNum(testing.selectionWindowDays) &&
    isNum(backup.dailyRetentionDays) &&
    backup.dailyRetentionDays >= 1 &&
    testing.selectionWindowDays > backup.dailyRetentionDays
  ) {
    add('backup.restoreTesting.selectionWindowDays', testing.selectionWindowDays, `must not exceed dailyRetentionDays (${backup.dailyRetentionDays})`);
  }

  if (env.production === true) {
    if (backup.vaultLock === null) add('backup.vaultLock', null, 'production needs a vault lock (mode "governance" or "compliance") so recovery points cannot be deleted early');
    if (backup.copyToRegion === null) add('backup.copyToRegion', null, 'production needs a disaster-recovery region to copy recovery points to, e.g. "eu-central-1"');
    if (isNum(backup.dailyRetentionDays) && backup.weeklyRetentionDays === null) add('backup.weeklyRetentionDays', null, 'production needs weekly recovery points');
    if (isNum(backup.dailyRetentionDays) && backup.monthlyRetentionDays === null) add('backup.monthlyRetentionDays', null, 'production needs monthly recovery points');
    // "cron(minute hour day month weekday year)": the month is the fourth field.
    const cron = String(testing?.scheduleExpression).split(' ');
    if (cron.length === 6 && cron[3] !== '*') {
      add(
        'backup.restoreTesting.scheduleExpression',
        testing!.scheduleExpression,
        'production must test restores at least monthly: the month field must be "*", e.g. "cron(0 7 1 * ? *)"',
      );
    }
  }

  if (isObj(backup.restore)) problems.push(...restoreProblems(env, backup.restore, now));
  return problems;
}

function restoreProblems(env: Raw, restore: Raw, now: Date): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, value: unknown, message: string) => problems.push({ path, value, message });
  const at = (field: string) => `backup.restore.${field}`;
  const hasSnapshot = restore.fromSnapshot !== undefined;
  const hasTime = restore.pointInTime !== undefined;

  if (hasSnapshot === hasTime) {
    add('backup.restore', restore, 'set exactly one of fromSnapshot (a cluster snapshot) or pointInTime (with sourceClusterId)');
  }
  if (hasSnapshot && restore.sourceClusterId !== undefined) {
    add(at('sourceClusterId'), restore.sourceClusterId, 'applies to pointInTime only; a snapshot already names its cluster');
  }
  if (hasSnapshot && restore.restoreType !== undefined) {
    add(at('restoreType'), restore.restoreType, 'applies to pointInTime only');
  }
  if (hasTime && restore.sourceClusterId === undefined) {
    add(at('sourceClusterId'), undefined, `pointInTime needs the cluster to restore from, e.g. "${env.name}-flashcard-lms"`);
  }
  if (typeof restore.pointInTime === 'string' && restore.pointInTime !== 'latest') {
    const time = Date.parse(restore.pointInTime);
    if (!Number.isNaN(time) && time > now.getTime()) {
      add(at('pointInTime'), restore.pointInTime, `is in the future (now ${now.toISOString().slice(0, 19)}Z); use a past time or "latest"`);
    }
  }
  if (typeof restore.fromSnapshot === 'string' && DOCDB_SNAPSHOT.test(restore.fromSnapshot) && restore.fromSnapshot.startsWith('arn:')) {
    const [, , , region, account] = restore.fromSnapshot.split(':');
    if (region !== env.region || account !== env.account) {
      add(
        at('fromSnapshot'),
        restore.fromSnapshot,
        `must be a snapshot in this environment's account and region (${env.account}, ${env.region}); copy it here first (aws docdb copy-db-cluster-snapshot)`,
      );
    }
  }
  if (isNum(restore.generation) && typeof env.name === 'string' && restore.sourceClusterId === restoredClusterName(env.name, restore.generation)) {
    add(at('sourceClusterId'), restore.sourceClusterId, `is the cluster this restore creates; raise generation (${restore.generation}) or restore from the current cluster`);
  }
  if (env.production === true && env.documentDb?.deletionProtection !== true) {
    add(
      'documentDb.deletionProtection',
      env.documentDb?.deletionProtection,
      'a production restore needs deletion protection (true) so neither the old nor the restored cluster can be deleted by a deploy',
    );
  }
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
    } else if (tag !== '' && !IMAGE_TAG.test(tag)) {
      add(`images.${key}`, tag, `must be an image tag: ${IMAGE_TAG_RULE}`);
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

/** Dotted paths of the config's fields, checked against the schema's type: a renamed field breaks the rule that names it. */
type FieldPath<T> = T extends readonly unknown[] ? never : T extends object ? { [K in keyof T & string]: K | `${K}.${FieldPath<NonNullable<T[K]>>}` }[keyof T & string] : never;
export type ConfigPath = FieldPath<EnvironmentConfig>;

/** One production invariant on one field; `allows` sees the raw value, which the schema may also refuse. */
export interface ProductionRule {
  readonly path: ConfigPath;
  readonly allows: (value: unknown, azCount: number) => boolean;
  /** What production needs, after "production ". */
  readonly needs: string | ((azCount: number) => string);
}

const below = (min: number) => (v: unknown) => typeof v !== 'number' || v >= min;

/** The production invariants of single fields (the plan's SecurityValidator), as data. */
export const PRODUCTION_RULES: readonly ProductionRule[] = [
  { path: 'debug', allows: (v) => v === false, needs: 'must run with debug off (false)' },
  { path: 'documentDb.instances', allows: below(2), needs: 'needs at least 2 DocumentDB instances (a primary and a replica in another AZ)' },
  { path: 'documentDb.deletionProtection', allows: (v) => v === true, needs: 'must turn on deletion protection (true)' },
  { path: 'documentDb.backupRetentionDays', allows: below(7), needs: 'must keep backups at least 7 days' },
  { path: 'cache.multiAz', allows: (v) => v === true, needs: 'needs a Multi-AZ cache with automatic failover (true)' },
  { path: 'cache.replicasPerShard', allows: below(1), needs: 'needs at least 1 cache replica' },
  {
    path: 'network.natProvider',
    allows: (v) => v === undefined || v === 'gateway',
    needs: 'needs managed NAT gateways ("gateway"): a NAT instance is one machine to patch and lose',
  },
  {
    path: 'network.natGateways',
    allows: (v, azCount) => typeof v !== 'number' || azCount === 0 || v === azCount,
    needs: (azCount) => `needs one NAT gateway per availability zone (${azCount}) so losing an AZ does not cut egress`,
  },
];

function productionProblems(env: Raw, azs: unknown[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, value: unknown, message: string) => problems.push({ path, value, message });
  const why = 'production';

  for (const rule of PRODUCTION_RULES) {
    const value = valueAt(env, rule.path.split('.'));
    if (!rule.allows(value, azs.length)) add(rule.path, value, `${why} ${typeof rule.needs === 'string' ? rule.needs : rule.needs(azs.length)}`);
  }
  const critical = env.alarms?.critical;
  if (!['emails', 'smsNumbers', 'httpsEndpoints'].some((k) => Array.isArray(critical?.[k]) && critical[k].length > 0)) {
    add('alarms.critical', critical, `${why} needs at least one critical alarm destination (an email, SMS number or HTTPS webhook)`);
  }
  return problems;
}
