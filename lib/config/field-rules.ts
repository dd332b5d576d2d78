/**
 * The bounds, patterns and allowed values of the environment schema's fields, with the message each
 * refusal gives: data, read by the field builders in schema.ts. The values are the limits AWS
 * documents (allowed-values.ts, the comments below) or choices of this platform.
 */
import { DOCDB_CLUSTER_ID, DOCDB_CLUSTER_ID_RULE, ENV_NAME, ENV_NAME_RULE } from '../contracts';
import {
  CACHE_NODE_TYPES,
  CACHE_REPLICAS,
  CACHE_SNAPSHOT_RETENTION,
  DOCDB_BACKUP_RETENTION,
  DOCDB_ENGINE_VERSIONS,
  DOCDB_INSTANCE_CLASSES,
  DOCDB_INSTANCE_COUNT,
  EFS_IA_TRANSITION_DAYS,
  LOG_RETENTION_DAYS,
  MIGRATION_SNAPSHOT_RETENTION_DAYS,
  MIGRATION_SNAPSHOTS_TO_KEEP,
  MIGRATION_TIMEOUT_MINUTES,
  SECRET_ROTATION_DAYS,
} from './allowed-values';
import { KNOWN_REGIONS } from './regions';
import { HH_MM, WEEKDAYS } from './off-hours';

/** A number field: whole or not, its bounds, and what a value out of them is told. */
export interface NumberRule {
  /** Whole numbers only. @default any number */
  readonly int?: true;
  /** Message for a fraction. @default "must be an int" */
  readonly intMessage?: string;
  /** @default no lower bound */
  readonly min?: number;
  /** @default no upper bound */
  readonly max?: number;
  /** Message for either bound. */
  readonly message?: string;
  /** Message below `min`. @default message */
  readonly minMessage?: string;
  /** Message above `max`. @default message */
  readonly maxMessage?: string;
}

/** A text field: the pattern it must match and what a value that does not is told. */
export interface TextRule {
  readonly pattern: RegExp;
  readonly message: string;
}

/** One of a fixed set of values. */
export interface ChoiceRule<T extends string = string> {
  readonly values: readonly [T, ...T[]];
  readonly message: string;
}

/** One of a fixed set of numbers. */
export interface NumberChoiceRule {
  readonly values: readonly number[];
  readonly message: string;
}

/** A list's length bounds. */
export interface LengthRule {
  readonly min: number;
  readonly minMessage: string;
  /** @default no upper bound */
  readonly max?: number;
  /** @default none */
  readonly maxMessage?: string;
}

const between = (bounds: { min: number; max: number }, what: string): NumberRule => ({ int: true, ...bounds, message: `${what} must be between ${bounds.min} and ${bounds.max}` });
const days = (what: string, max = 36500): NumberRule => ({ int: true, min: 1, max, message: `${what} must be between 1 and ${max} days` });
const hours = (what: string, min: number, max: number): NumberRule => ({ int: true, min, max, message: `${what} must be between ${min} and ${max} hours` });
const range = (min: number, max: number, message: string): NumberRule => ({ int: true, min, max, message });
const atLeast = (min: number, message: string): NumberRule => ({ int: true, min, message });
const choice = <T extends string>(values: readonly [T, ...T[]], message: string): ChoiceRule<T> => ({ values, message });

const ROTATION = between(SECRET_ROTATION_DAYS, 'rotation interval (days)');
const COMMERCIAL_REGION = 'must be a commercial AWS region, e.g. eu-west-1';
const HHMM = '([01]\\d|2[0-3]):[0-5]\\d';
const DAY = '(mon|tue|wed|thu|fri|sat|sun)';
const MIGRATION_TIMEOUT = `migration timeout must be between ${MIGRATION_TIMEOUT_MINUTES.min} and ${MIGRATION_TIMEOUT_MINUTES.max} minutes (CloudFormation waits at most 60 for the migration)`;

/** AWS Backup and restore-testing cron: six fields, UTC. */
export const BACKUP_CRON = /^cron\((\S+ ){5}\S+\)$/;
/** A DocumentDB cluster snapshot name, or the ARN of one. */
export const DOCDB_SNAPSHOT = /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster-snapshot:|(?!arn:))[a-zA-Z][a-zA-Z0-9:-]{0,254}$/;
/** IAM role names: 1-64 of letters, digits and + = , . @ _ - (IAM CreateRole, RoleName). */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** arn:<partition>:backup:<region>:<account>:backup-vault:<name> (vault names: 2-50 of letters, digits, - and _). */
export const BACKUP_VAULT_ARN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:(\d{12}):backup-vault:[a-zA-Z0-9_-]{2,50}$/;

export const NUMBERS = {
  desiredCount: atLeast(1, 'must be at least 1 task'),
  maxCount: { int: true, max: 100, message: 'must be at most 100 tasks' },
  targetCpuPercent: range(10, 90, 'must be between 10 and 90 (%)'),
  targetRequestsPerTarget: atLeast(10, 'must be at least 10 requests per target per minute'),
  capacityWeight: range(0, 1000, 'must be 0-1000'),
  capacityBase: range(0, 100000, 'must be 0-100000'),
  vaultLockMinRetentionDays: days('vault lock minimum retention'),
  vaultLockMaxRetentionDays: days('vault lock maximum retention'),
  // AWS Backup: a compliance lock's grace time is at least 3 days (ChangeableForDays).
  changeableForDays: {
    int: true,
    min: 3,
    minMessage: 'AWS Backup needs at least 3 days of grace before a compliance lock sets',
    max: 36500,
    maxMessage: 'must be at most 36500 days',
  },
  restoreTestStartWindowHours: hours('restore test start window', 1, 168),
  restoreTestValidationWindowHours: hours('restore test validation window', 1, 168),
  restoreTestSelectionWindowDays: days('restore test selection window', 365),
  restoreGeneration: range(1, 99, 'must be a whole number from 1 to 99'),
  // AWS Backup minimum: 7 days.
  airGappedMinRetentionDays: {
    int: true,
    min: 7,
    minMessage: 'a logically air-gapped vault keeps recovery points at least 7 days',
    max: 36500,
    maxMessage: 'must be at most 36500 days',
  },
  airGappedMaxRetentionDays: days('logically air-gapped vault maximum retention'),
  backupStartHourUtc: range(0, 23, 'must be an hour from 0 to 23 (UTC)'),
  backupStartWindowHours: hours('backup start window', 1, 24),
  backupCompletionWindowHours: hours('backup completion window', 2, 168),
  dailyRetentionDays: days('daily backup retention'),
  weeklyRetentionDays: days('weekly backup retention'),
  monthlyRetentionDays: days('monthly backup retention'),
  migrationSnapshotRetentionDays: between(MIGRATION_SNAPSHOT_RETENTION_DAYS, 'pre-migration snapshot retention (days)'),
  migrationSnapshotsToKeep: between(MIGRATION_SNAPSHOTS_TO_KEEP, 'pre-migration snapshots to keep'),
  migrationTimeoutMinutes: { int: true, intMessage: 'must be a whole number of minutes', ...MIGRATION_TIMEOUT_MINUTES, message: MIGRATION_TIMEOUT },
  rotationDays: ROTATION,
  natGateways: {
    int: true,
    min: 1,
    minMessage: 'needs at least 1 NAT gateway (private subnets reach ECR and AWS APIs through it)',
    max: 3,
    maxMessage: 'at most one NAT gateway per AZ (3)',
  },
  docdbInstances: between(DOCDB_INSTANCE_COUNT, 'DocumentDB instance count'),
  docdbBackupRetentionDays: between(DOCDB_BACKUP_RETENTION, 'DocumentDB backup retention (days)'),
  // DocumentDB profiler_threshold_ms: 50-2147483646 (cluster parameters reference).
  profilerThresholdMs: range(50, 2147483646, 'DocumentDB accepts 50 to 2147483646 ms'),
  cacheReplicasPerShard: between(CACHE_REPLICAS, 'replicas per shard'),
  cacheSnapshotRetentionDays: between(CACHE_SNAPSHOT_RETENTION, 'ElastiCache snapshot retention (days)'),
  posixUid: range(1, 65535, 'must be a non-root uid (1-65535)'),
  posixGid: range(1, 65535, 'must be a non-root gid (1-65535)'),
  errorRatePercent: { min: 0.1, max: 100, message: 'must be 0.1-100 (%)' },
  errorRateMinutes: range(1, 3, 'must be 1-3 minutes so the page goes out within 3'),
  latencyP95Seconds: { min: 0.05, max: 60, message: 'must be 0.05-60 s' },
  latencyMinutes: range(1, 60, 'must be 1-60 minutes'),
  memoryPercent: range(50, 99, 'must be 50-99 (%)'),
  diskFreePercent: range(1, 50, 'must be 1-50 (%)'),
  cpuPercent: range(50, 99, 'must be 50-99 (%)'),
  replicaLagMs: atLeast(100, 'must be at least 100 ms'),
  perFiveMinutes: atLeast(1, 'must be at least 1'),
  certificateExpiryDays: range(1, 45, 'must be 1-45 days'),
  statusPageConcurrency: { int: true, intMessage: 'must be a whole number 1-100', min: 1, max: 100, message: 'must be 1-100' },
  maxFileSizeBytes: range(1, 104857600, 'must be 1 byte to 100 MiB'),
  rateLimitPerMinute: atLeast(10, 'must be at least 10 (the smallest WAF rate limit)'),
  rateLimitPerHour: atLeast(10, 'must be at least 10'),
  monthlyBudgetUsd: { int: true, intMessage: 'must be a whole number of USD', min: 1, message: 'must be at least 1 (USD)' },
  anomalyThresholdUsd: { min: 1, message: 'must be at least 1 (USD)' },
} as const satisfies Record<string, NumberRule>;

export const NUMBER_CHOICES = {
  logRetentionDays: { values: LOG_RETENTION_DAYS, message: `CloudWatch Logs retention (days) must be one of ${LOG_RETENTION_DAYS.join(', ')}` },
  transitionToIaDays: { values: EFS_IA_TRANSITION_DAYS, message: `EFS transition to Infrequent Access (days) must be one of ${EFS_IA_TRANSITION_DAYS.join(', ')}` },
} as const satisfies Record<string, NumberChoiceRule>;

export const TEXTS = {
  dailyWindow: { pattern: new RegExp(`^${HHMM}-${HHMM}$`), message: 'must be a UTC window "hh:mm-hh:mm", e.g. "03:00-04:00"' },
  weeklyWindow: { pattern: new RegExp(`^${DAY}:${HHMM}-${DAY}:${HHMM}$`), message: 'must be a UTC window "ddd:hh:mm-ddd:hh:mm", e.g. "sun:04:30-sun:05:30"' },
  domainName: {
    pattern: /^(?=.{4,253}$)((?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/,
    message: 'must be a lower-case DNS name with at least two labels, e.g. "flashcard-lms.com"',
  },
  dnsLabel: { pattern: /^(?!-)[a-z0-9-]{1,63}(?<!-)$/, message: 'must be a single lower-case DNS label, e.g. "api"' },
  smsNumber: { pattern: /^\+[1-9]\d{6,14}$/, message: 'must be an E.164 phone number, e.g. "+14155550100"' },
  restoreTestSchedule: { pattern: BACKUP_CRON, message: 'must be a six-field UTC cron expression, e.g. "cron(0 6 1 * ? *)"' },
  fromSnapshot: {
    pattern: DOCDB_SNAPSHOT,
    message: 'must be a DocumentDB cluster snapshot name or an arn:aws:rds:<region>:<account>:cluster-snapshot:<name> ARN',
  },
  pointInTime: { pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, message: 'must be "latest" or a UTC time "YYYY-MM-DDThh:mm:ssZ"' },
  sourceClusterId: {
    pattern: DOCDB_CLUSTER_ID,
    message: `must be a DocumentDB cluster identifier (${DOCDB_CLUSTER_ID_RULE})`,
  },
  breakGlassRoleName: { pattern: IAM_ROLE_NAME, message: 'must be an IAM role name (1-64 letters, digits and +=,.@_-, no path)' },
  vaultArn: { pattern: BACKUP_VAULT_ARN, message: 'must be a backup vault ARN, arn:aws:backup:<region>:<account>:backup-vault:<name>' },
  envName: { pattern: ENV_NAME, message: `must be ${ENV_NAME_RULE}` },
  account: { pattern: /^\d{12}$/, message: 'must be a 12-digit AWS account id' },
  hostedZoneId: { pattern: /^Z[A-Z0-9]{1,31}$/, message: 'must be a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ"' },
  databaseName: { pattern: /^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/, message: 'must be 1-63 letters, digits or "_"' },
  livenessPath: { pattern: /^\/[\w\-./]*$/, message: 'must be a URL path such as "/health"' },
  readinessPath: { pattern: /^\/[\w\-./]*$/, message: 'must be a URL path such as "/health/detailed"' },
  docdbCaFile: { pattern: /^\/[\w\-./]+$/, message: 'must be an absolute path inside the backend image' },
  offHoursTime: { pattern: HH_MM, message: 'must be "hh:mm" (24 h)' },
} as const satisfies Record<string, TextRule>;

/** Messages of the fields zod's own formats check. */
export const FORMAT_MESSAGES = {
  email: 'must be an email address, e.g. "oncall@flashcard-lms.com"',
  httpsUrl: 'must be an https:// URL',
  corsOrigin: 'must be an https:// origin, e.g. "https://flashcard-lms.com"',
  pointInTime: 'must be "latest" or a UTC time "YYYY-MM-DDThh:mm:ssZ"',
  buildFrom: 'must be a directory path',
  timezone: 'must be an IANA time zone, e.g. "Europe/Berlin" or "UTC"',
  repeatedDay: 'must not repeat a day',
  backupIsolation: 'must be {"kind": "logically-air-gapped", ...} or {"kind": "separate-account", ...}',
} as const;

export const CHOICES = {
  capacityProvider: choice(['FARGATE', 'FARGATE_SPOT'], 'must be "FARGATE" or "FARGATE_SPOT"'),
  vaultLockMode: choice(['governance', 'compliance'], 'must be "governance" or "compliance"'),
  restoreType: choice(['full-copy', 'copy-on-write'], 'must be "full-copy" or "copy-on-write"'),
  region: choice(KNOWN_REGIONS as [string, ...string[]], COMMERCIAL_REGION),
  natProvider: choice(['gateway', 'instance'], 'must be "gateway" or "instance"'),
  docdbEngineVersion: choice(DOCDB_ENGINE_VERSIONS as unknown as ['8.0', '5.0'], `must be one of ${DOCDB_ENGINE_VERSIONS.join(', ')}`),
  docdbInstanceClass: choice(DOCDB_INSTANCE_CLASSES as [string, ...string[]], `must be a DocumentDB instance class: ${DOCDB_INSTANCE_CLASSES.join(', ')}`),
  cacheNodeType: choice(CACHE_NODE_TYPES as unknown as [string, ...string[]], `must be an ElastiCache node type: ${CACHE_NODE_TYPES.join(', ')}`),
  cpuArchitecture: choice(['ARM64', 'X86_64'], 'must be "ARM64" or "X86_64"'),
  containerInsights: choice(['enhanced', 'enabled'], 'must be "enhanced" or "enabled" (the alarms read its service metrics)'),
  logLevel: choice(['DEBUG', 'INFO', 'WARNING', 'ERROR'], 'must be one of DEBUG, INFO, WARNING, ERROR'),
  weekday: choice(WEEKDAYS as unknown as [(typeof WEEKDAYS)[number], ...(typeof WEEKDAYS)[number][]], `must be one of ${WEEKDAYS.join(', ')}`),
} as const;

export const LENGTHS = {
  availabilityZones: { min: 2, minMessage: 'needs at least 2 availability zones', max: 3, maxMessage: 'supports at most 3 availability zones' },
  capacityProviders: { min: 1, minMessage: 'needs at least one capacity provider' },
  corsOrigins: { min: 1, minMessage: 'needs at least one origin' },
  offHoursDays: { min: 1, minMessage: 'needs at least one day' },
} as const satisfies Record<string, LengthRule>;
