import { z } from 'zod';
import { DOCDB_CLUSTER_ID, ENV_NAME, ENV_NAME_RULE } from '../contracts';
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
import { parseCommand } from '../../lambda/migration/command';
import { DEFAULT_MIGRATE_COMMAND, DEFAULT_VERIFY_COMMAND } from '../../lambda/migration/settings';
import { githubAccessOverrideSchema } from './github-access';
import { KNOWN_REGIONS } from './regions';
import { HH_MM, isTimeZone, WEEKDAYS } from './off-hours';
import { edgeSchema } from './edge';
import { deliverySchema } from './delivery';
import { canarySchema, sloSchema } from './slo';
import { drillsSchema } from './drills';

// Type errors read like the other messages: "must be a number (got "3")".
z.config({
  customError: (issue) => (issue.code === 'invalid_type' ? `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}` : undefined),
});

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const DOMAIN_NAME = /^(?=.{4,253}$)((?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;
const HHMM = '([01]\\d|2[0-3]):[0-5]\\d';
const DAY = '(mon|tue|wed|thu|fri|sat|sun)';
const DAILY_WINDOW = new RegExp(`^${HHMM}-${HHMM}$`);
const WEEKLY_WINDOW = new RegExp(`^${DAY}:${HHMM}-${DAY}:${HHMM}$`);

const oneOf = <T extends number>(allowed: readonly T[], what: string) =>
  z
    .number()
    .int()
    .refine((v) => (allowed as readonly number[]).includes(v), {
      message: `${what} must be one of ${allowed.join(', ')}`,
    });

const intBetween = (bounds: { min: number; max: number }, what: string) =>
  z.number().int().min(bounds.min, `${what} must be between ${bounds.min} and ${bounds.max}`).max(bounds.max, `${what} must be between ${bounds.min} and ${bounds.max}`);

export const logRetentionDays = oneOf(LOG_RETENTION_DAYS, 'CloudWatch Logs retention (days)');

export const dailyWindow = z.string().regex(DAILY_WINDOW, 'must be a UTC window "hh:mm-hh:mm", e.g. "03:00-04:00"');
export const weeklyWindow = z.string().regex(WEEKLY_WINDOW, 'must be a UTC window "ddd:hh:mm-ddd:hh:mm", e.g. "sun:04:30-sun:05:30"');

export const domainName = z.string().regex(DOMAIN_NAME, 'must be a lower-case DNS name with at least two labels, e.g. "flashcard-lms.com"');

const dnsLabel = z.string().regex(DNS_LABEL, 'must be a single lower-case DNS label, e.g. "api"');

const email = z.email('must be an email address, e.g. "oncall@flashcard-lms.com"');
const smsNumber = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number, e.g. "+14155550100"');
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

export const alarmDestinationsSchema = z.strictObject({
  /** Email addresses (each must confirm the SNS subscription). */
  emails: z.array(email),
  /** Phone numbers in E.164 form for SMS. */
  smsNumbers: z.array(smsNumber),
  /** HTTPS webhooks (PagerDuty, Opsgenie integration URLs). */
  httpsEndpoints: z.array(httpsUrl),
});

const serviceSizing = z.strictObject({
  /** Fargate CPU units (256 = 0.25 vCPU). */
  cpu: z.number().int(),
  memoryMiB: z.number().int(),
  desiredCount: z.number().int().min(1, 'must be at least 1 task'),
  minCount: z.number().int().min(1, 'must be at least 1 task'),
  maxCount: z.number().int().max(100, 'must be at most 100 tasks'),
  /** Target tracking: average CPU utilization (%). */
  targetCpuPercent: z.number().int().min(10, 'must be between 10 and 90 (%)').max(90, 'must be between 10 and 90 (%)'),
  /** Target tracking: ALB requests per target per minute. */
  targetRequestsPerTarget: z.number().int().min(10, 'must be at least 10 requests per target per minute'),
});

const capacityProvider = z.strictObject({
  provider: z.enum(['FARGATE', 'FARGATE_SPOT'], { error: 'must be "FARGATE" or "FARGATE_SPOT"' }),
  weight: z.number().int().min(0, 'must be 0-1000').max(1000, 'must be 0-1000'),
  base: z.number().int().min(0, 'must be 0-100000').max(100000, 'must be 0-100000'),
});

const days = (what: string, max = 36500) => z.number().int().min(1, `${what} must be between 1 and ${max} days`).max(max, `${what} must be between 1 and ${max} days`);
const hours = (what: string, min: number, max: number) =>
  z.number().int().min(min, `${what} must be between ${min} and ${max} hours`).max(max, `${what} must be between ${min} and ${max} hours`);
const region = z.enum(KNOWN_REGIONS as [string, ...string[]], { error: 'must be a commercial AWS region, e.g. eu-west-1' });

/** AWS Backup and restore-testing cron: six fields, UTC. */
export const BACKUP_CRON = /^cron\((\S+ ){5}\S+\)$/;
/** A DocumentDB cluster snapshot name, or the ARN of one. */
export const DOCDB_SNAPSHOT = /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster-snapshot:|(?!arn:))[a-zA-Z][a-zA-Z0-9:-]{0,254}$/;
export { DOCDB_CLUSTER_ID };
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export const vaultLockSchema = z.strictObject({
  /** `compliance` can never be removed once `changeableForDays` have passed; `governance` can, with special permission. */
  mode: z.enum(['governance', 'compliance'], { error: 'must be "governance" or "compliance"' }),
  /** Recovery points must be kept at least this long (every rule's retention must be within the bounds). */
  minRetentionDays: days('vault lock minimum retention'),
  maxRetentionDays: days('vault lock maximum retention'),
  /** Compliance mode only: days during which the lock can still be changed or removed (AWS minimum 3). */
  changeableForDays: z.number().int().min(3, 'AWS Backup needs at least 3 days of grace before a compliance lock sets').max(36500, 'must be at most 36500 days').nullable(),
});

export const restoreTestingSchema = z.strictObject({
  /** When restore tests run, e.g. "cron(0 6 1 * ? *)" (monthly, UTC). */
  scheduleExpression: z.string().regex(BACKUP_CRON, 'must be a six-field UTC cron expression, e.g. "cron(0 6 1 * ? *)"'),
  /** Hours a scheduled test may wait to start before it is cancelled. */
  startWindowHours: hours('restore test start window', 1, 168),
  /** Hours the restored resources are kept for validation; AWS Backup deletes them when the result is reported or this window ends. */
  validationWindowHours: hours('restore test validation window', 1, 168),
  /** Only recovery points at most this many days old are picked (the latest one is tested). */
  selectionWindowDays: days('restore test selection window', 365),
});

/**
 * Disaster recovery: build a NEW DocumentDB cluster from a snapshot or a point in time. The old cluster
 * stays; the services move to the new one. Set exactly one of `fromSnapshot` and `pointInTime`.
 */
export const restoreSchema = z.strictObject({
  /** Numbers the restored cluster (`<env>-flashcard-lms-restored-<generation>`); raise it for each new restore. */
  generation: z.number().int().min(1, 'must be a whole number from 1 to 99').max(99, 'must be a whole number from 1 to 99'),
  /** Cluster snapshot name or ARN (same account and region) to restore from. */
  fromSnapshot: z.string().regex(DOCDB_SNAPSHOT, 'must be a DocumentDB cluster snapshot name or an arn:aws:rds:<region>:<account>:cluster-snapshot:<name> ARN').optional(),
  /** UTC time "YYYY-MM-DDThh:mm:ssZ" within the source's backup retention, or "latest". */
  pointInTime: z
    .union([z.literal('latest'), z.string().regex(ISO_TIME, 'must be "latest" or a UTC time "YYYY-MM-DDThh:mm:ssZ"')], {
      error: 'must be "latest" or a UTC time "YYYY-MM-DDThh:mm:ssZ"',
    })
    .optional(),
  /** Point in time only: identifier of the cluster whose history is restored. */
  sourceClusterId: z.string().regex(DOCDB_CLUSTER_ID, 'must be a DocumentDB cluster identifier (a letter, then letters, digits and single hyphens, at most 63)').optional(),
  /** Point in time only: `copy-on-write` clones share storage with the source (fast); `full-copy` copies it. @default full-copy */
  restoreType: z.enum(['full-copy', 'copy-on-write'], { error: 'must be "full-copy" or "copy-on-write"' }).optional(),
});

/** IAM role names: 1-64 of letters, digits and + = , . @ _ - (IAM CreateRole, RoleName). */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** arn:<partition>:backup:<region>:<account>:backup-vault:<name> (vault names: 2-50 of letters, digits, - and _). */
export const BACKUP_VAULT_ARN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:(\d{12}):backup-vault:[a-zA-Z0-9_-]{2,50}$/;

/** A second, isolated copy of every recovery point (docs/backup-isolation.md). */
export const backupIsolationSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      /** AWS::Backup::LogicallyAirGappedBackupVault in this account and region: always compliance-locked, shareable. */
      kind: z.literal('logically-air-gapped'),
      /** AWS Backup minimum: 7 days. */
      minRetentionDays: z.number().int().min(7, 'a logically air-gapped vault keeps recovery points at least 7 days').max(36500, 'must be at most 36500 days'),
      maxRetentionDays: days('logically air-gapped vault maximum retention'),
    }),
    z.strictObject({
      /** A vault in another account (its owner sets the access policy and lock there). */
      kind: z.literal('separate-account'),
      vaultArn: z.string().regex(BACKUP_VAULT_ARN, 'must be a backup vault ARN, arn:aws:backup:<region>:<account>:backup-vault:<name>'),
    }),
  ],
  { error: 'must be {"kind": "logically-air-gapped", ...} or {"kind": "separate-account", ...}' },
);

export const backupSchema = z.strictObject({
  /** When scheduled backups start (UTC) and how long they may take. */
  scheduleWindow: z.strictObject({
    startHourUtc: z.number().int().min(0, 'must be an hour from 0 to 23 (UTC)').max(23, 'must be an hour from 0 to 23 (UTC)'),
    /** Hours a job may wait to start (AWS Backup minimum 1). */
    startWindowHours: hours('backup start window', 1, 24),
    /** Hours a started job may run (at least 1 more than the start window). */
    completionWindowHours: hours('backup completion window', 2, 168),
  }),
  /** Daily recovery points are kept this long (at least 30, as the plan requires). */
  dailyRetentionDays: days('daily backup retention'),
  /** Sunday recovery points; null skips the weekly rule. */
  weeklyRetentionDays: days('weekly backup retention').nullable(),
  /** First-of-month recovery points; null skips the monthly rule. */
  monthlyRetentionDays: days('monthly backup retention').nullable(),
  /** Vault lock; required in production. */
  vaultLock: vaultLockSchema.nullable(),
  /** Disaster-recovery region every recovery point is copied to; required in production. */
  copyToRegion: region.nullable(),
  restoreTesting: restoreTestingSchema,
  /** Set only to recover the database (see README, "Disaster recovery"). @default no restore */
  restore: restoreSchema.optional(),
  /** The only role allowed to delete, disable or re-police the backup keys. @default "flashcard-lms-break-glass" */
  breakGlassRoleName: z.string().regex(IAM_ROLE_NAME, 'must be an IAM role name (1-64 letters, digits and +=,.@_-, no path)').optional(),
  /** A copy of every recovery point that survives a compromised account admin. @default none */
  isolation: backupIsolationSchema.optional(),
});

/** A command as the migration Lambda runs it (argv without a shell, or a JSON array); checked with the Lambda's own parser. */
const migrationCommand = (example: string) =>
  z.string().superRefine((text, ctx) => {
    const parsed = parseCommand(text);
    if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: `${parsed.problem}; e.g. "${example}"` });
  });

export const migrationSchema = z.strictObject({
  /** Run in a one-off task of the backend image after the pre-migration snapshot. */
  migrateCommand: migrationCommand(DEFAULT_MIGRATE_COMMAND),
  /** Run after the migrate command succeeded; a non-zero exit fails the deploy. */
  verifyCommand: migrationCommand(DEFAULT_VERIFY_COMMAND),
  /** Pre-migration snapshots older than this may be pruned after a successful run. */
  snapshotRetentionDays: intBetween(MIGRATION_SNAPSHOT_RETENTION_DAYS, 'pre-migration snapshot retention (days)'),
  /** The newest pre-migration snapshots, kept whatever their age. */
  snapshotsToKeep: intBetween(MIGRATION_SNAPSHOTS_TO_KEEP, 'pre-migration snapshots to keep'),
  /** A run unfinished after this fails, notifies and fails the deploy; below CloudFormation's 60-minute custom-resource limit. */
  timeoutMinutes: z
    .number()
    .int('must be a whole number of minutes')
    .min(
      MIGRATION_TIMEOUT_MINUTES.min,
      `migration timeout must be between ${MIGRATION_TIMEOUT_MINUTES.min} and ${MIGRATION_TIMEOUT_MINUTES.max} minutes (CloudFormation waits at most 60 for the migration)`,
    )
    .max(
      MIGRATION_TIMEOUT_MINUTES.max,
      `migration timeout must be between ${MIGRATION_TIMEOUT_MINUTES.min} and ${MIGRATION_TIMEOUT_MINUTES.max} minutes (CloudFormation waits at most 60 for the migration)`,
    ),
  /** Multi-user rotation interval of the application user's DocumentDB password. */
  appUserRotationDays: intBetween(SECRET_ROTATION_DAYS, 'rotation interval (days)'),
});

export const environmentSchema = z.strictObject({
  /** Environment name; prefixes stacks, alarms and resource names. */
  name: z.string().regex(ENV_NAME, `must be ${ENV_NAME_RULE}`),
  /** Production environments must satisfy the production invariants. */
  production: z.boolean(),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
  region: z.enum(KNOWN_REGIONS as [string, ...string[]], {
    error: `must be a commercial AWS region, e.g. eu-west-1`,
  }),
  /** GitHub deploy access; each field defaults from the name (`defaultGithubAccess`). */
  github: githubAccessOverrideSchema.optional(),
  /** Explicit AZs (no lookups at synth). */
  availabilityZones: z.array(z.string()).min(2, 'needs at least 2 availability zones').max(3, 'supports at most 3 availability zones'),
  domain: z.strictObject({
    name: domainName,
    /** Route 53 public hosted zone that holds `name`. */
    hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,31}$/, 'must be a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ"'),
    apiSubdomain: dnsLabel,
    statusSubdomain: dnsLabel,
    includeWww: z.boolean(),
  }),
  /** Never true in production. */
  debug: z.boolean(),
  /** Retention of application and service log groups. */
  logRetentionDays,
  /**
   * S3 Object Lock on the load balancer's access-log bucket (Control Tower CT.S3.PR.9). It cannot be
   * turned off again on that bucket; no default retention is set, so the log lifecycle still applies.
   * @default true in production, false elsewhere
   */
  accessLogObjectLock: z.boolean().optional(),
  network: z.strictObject({
    /** IPv4 range of the VPC; its form and size are checked against the subnet plan (network-plan.ts). */
    cidr: z.string(),
    natGateways: z.number().int().min(1, 'needs at least 1 NAT gateway (private subnets reach ECR and AWS APIs through it)').max(3, 'at most one NAT gateway per AZ (3)'),
    /** "gateway": managed NAT gateways; "instance": a t4g.nano NAT instance each, outside production (docs/cost.md). @default 'gateway' */
    natProvider: z.enum(['gateway', 'instance'], { error: 'must be "gateway" or "instance"' }).optional(),
    flowLogRetentionDays: logRetentionDays,
    /** Interface endpoints for ECR, Logs and Secrets Manager (the S3 gateway endpoint is always on). */
    interfaceEndpoints: z.boolean(),
  }),
  documentDb: z.strictObject({
    /** Engine version of a new cluster; an existing one moves up by the steps in docs/engines.md. @default '8.0' */
    engineVersion: z.enum(DOCDB_ENGINE_VERSIONS, { error: `must be one of ${DOCDB_ENGINE_VERSIONS.join(', ')}` }).optional(),
    /** Checked against engineVersion in invariants.ts. */
    instanceClass: z.enum(DOCDB_INSTANCE_CLASSES as unknown as [string, ...string[]], {
      error: `must be a DocumentDB instance class: ${DOCDB_INSTANCE_CLASSES.join(', ')}`,
    }),
    instances: intBetween(DOCDB_INSTANCE_COUNT, 'DocumentDB instance count'),
    backupRetentionDays: intBetween(DOCDB_BACKUP_RETENTION, 'DocumentDB backup retention (days)'),
    preferredBackupWindow: dailyWindow,
    preferredMaintenanceWindow: weeklyWindow,
    deletionProtection: z.boolean(),
    masterPasswordRotationDays: intBetween(SECRET_ROTATION_DAYS, 'rotation interval (days)'),
    /** Operations slower than this are written to the profiler log. */
    profilerThresholdMs: z.number().int().min(50, 'DocumentDB accepts 50 to 2147483646 ms').max(2147483646, 'DocumentDB accepts 50 to 2147483646 ms'),
    /** Application database name. */
    databaseName: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/, 'must be 1-63 letters, digits or "_"'),
  }),
  cache: z.strictObject({
    nodeType: z.enum(CACHE_NODE_TYPES as unknown as [string, ...string[]], {
      error: `must be an ElastiCache node type: ${CACHE_NODE_TYPES.join(', ')}`,
    }),
    replicasPerShard: intBetween(CACHE_REPLICAS, 'replicas per shard'),
    multiAz: z.boolean(),
    snapshotRetentionDays: intBetween(CACHE_SNAPSHOT_RETENTION, 'ElastiCache snapshot retention (days)'),
    snapshotWindow: dailyWindow,
    maintenanceWindow: weeklyWindow,
    /** Days between AUTH token rotations (docs/secret-rotation.md); null turns rotation off. @default 30 */
    authTokenRotationDays: intBetween(SECRET_ROTATION_DAYS, 'rotation interval (days)').nullable().optional(),
  }),
  uploads: z.strictObject({
    transitionToIaDays: oneOf(EFS_IA_TRANSITION_DAYS, 'EFS transition to Infrequent Access (days)'),
    /** uid/gid of the backend image's non-root user. */
    posixUid: z.number().int().min(1, 'must be a non-root uid (1-65535)').max(65535, 'must be a non-root uid (1-65535)'),
    posixGid: z.number().int().min(1, 'must be a non-root gid (1-65535)').max(65535, 'must be a non-root gid (1-65535)'),
  }),
  alarms: z.strictObject({
    /** Pages the on-call engineer. */
    critical: alarmDestinationsSchema,
    /** Notifies without paging. */
    warning: alarmDestinationsSchema,
  }),
  images: z.strictObject({
    /** Tag of the backend image in its ECR repository (CI deploys a git SHA). */
    backendTag: z.string(),
    frontendTag: z.string(),
    /**
     * Build images from a monorepo checkout instead (backend/Dockerfile.backend,
     * frontend/Dockerfile.frontend below this path) with `ContainerImage.fromAsset`.
     */
    buildFrom: z.string().min(1, 'must be a directory path').optional(),
  }),
  monitoring: z.strictObject({
    /** Target 5xx as a share of requests, per target group (%), sustained for `errorRateMinutes`. */
    errorRatePercent: z.number().min(0.1, 'must be 0.1-100 (%)').max(100, 'must be 0.1-100 (%)'),
    errorRateMinutes: z.number().int().min(1, 'must be 1-3 minutes so the page goes out within 3').max(3, 'must be 1-3 minutes so the page goes out within 3'),
    /** p95 response time (seconds) sustained for `latencyMinutes` (the plan: 2 s for 5 min). */
    latencyP95Seconds: z.number().min(0.05, 'must be 0.05-60 s').max(60, 'must be 0.05-60 s'),
    latencyMinutes: z.number().int().min(1, 'must be 1-60 minutes').max(60, 'must be 1-60 minutes'),
    /** Memory in use (%) of tasks, DocumentDB and the cache, sustained 5 minutes (the plan: 80). */
    memoryPercent: z.number().int().min(50, 'must be 50-99 (%)').max(99, 'must be 50-99 (%)'),
    /** Free disk (%) below which an alarm fires (the plan: 10). */
    diskFreePercent: z.number().int().min(1, 'must be 1-50 (%)').max(50, 'must be 1-50 (%)'),
    /** CPU (%) of DocumentDB and the cache, sustained 10 minutes. */
    cpuPercent: z.number().int().min(50, 'must be 50-99 (%)').max(99, 'must be 50-99 (%)'),
    /** DocumentDB replica lag (ms). */
    replicaLagMs: z.number().int().min(100, 'must be at least 100 ms'),
    /** Cache evictions per 5 minutes. */
    evictionsPer5Minutes: z.number().int().min(1, 'must be at least 1'),
    /** ERROR/CRITICAL log lines of the backend per 5 minutes. */
    appErrorsPer5Minutes: z.number().int().min(1, 'must be at least 1'),
    /** Requests blocked by WAF per 5 minutes before a warning. */
    wafBlockedPer5Minutes: z.number().int().min(1, 'must be at least 1'),
    /** Days before certificate expiry to warn (ACM renews at 60). */
    certificateExpiryDays: z.number().int().min(1, 'must be 1-45 days').max(45, 'must be 1-45 days'),
    /** Reserved concurrency of the public status page: a flood is throttled there, not in other functions. @default 10 */
    statusPageConcurrency: z.number().int('must be a whole number 1-100').min(1, 'must be 1-100').max(100, 'must be 1-100').optional(),
  }),
  services: z.strictObject({
    cpuArchitecture: z.enum(['ARM64', 'X86_64'], { error: 'must be "ARM64" or "X86_64"' }),
    /** Container Insights on the service cluster: "enhanced" adds task and container metrics (more metrics, more cost). @default 'enhanced' */
    containerInsights: z.enum(['enhanced', 'enabled'], { error: 'must be "enhanced" or "enabled" (the alarms read its service metrics)' }).optional(),
    capacityProviders: z.array(capacityProvider).min(1, 'needs at least one capacity provider'),
    backend: serviceSizing,
    frontend: serviceSizing,
    /** ECS Exec into running tasks; logged and encrypted when on. */
    enableExecuteCommand: z.boolean(),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR'], { error: 'must be one of DEBUG, INFO, WARNING, ERROR' }),
    /** Origins the API accepts cross-origin requests from. @default the site */
    corsOrigins: z.array(z.url({ protocol: /^https$/, error: 'must be an https:// origin, e.g. "https://flashcard-lms.com"' })).min(1, 'needs at least one origin'),
    maxFileSizeBytes: z.number().int().min(1, 'must be 1 byte to 100 MiB').max(104857600, 'must be 1 byte to 100 MiB'),
    /** Application rate limits, also enforced at the edge by WAF. */
    rateLimitPerMinute: z.number().int().min(10, 'must be at least 10 (the smallest WAF rate limit)'),
    rateLimitPerHour: z.number().int().min(10, 'must be at least 10'),
    /** Days between JWT key rotations (docs/secret-rotation.md); longer than the longest token lifetime. null turns rotation off. @default 30 */
    jwtKeyRotationDays: intBetween(SECRET_ROTATION_DAYS, 'rotation interval (days)').nullable().optional(),
    /** Backend liveness (container health check) and readiness (load balancer) paths. */
    livenessPath: z.string().regex(/^\/[\w\-./]*$/, 'must be a URL path such as "/health"'),
    readinessPath: z.string().regex(/^\/[\w\-./]*$/, 'must be a URL path such as "/health/detailed"'),
    /** In-image CA bundle for DocumentDB TLS, referenced by DATABASE_URL. */
    docdbCaFile: z.string().regex(/^\/[\w\-./]+$/, 'must be an absolute path inside the backend image'),
  }),
  /** WAF rate limits and managed-rule scope at the edge (docs/edge.md). */
  edge: edgeSchema,
  /** Deployment strategy of each service: rolling, blue/green, canary or linear (docs/progressive-delivery.md). */
  delivery: deliverySchema,
  /** AWS Backup, recovery testing and disaster recovery. */
  backup: backupSchema,
  /** Database bootstrap and migrations on deploy (README, "Database migrations"). */
  migration: migrationSchema,
  /** Working hours of a non-production environment: off outside them (docs/off-hours.md). @default always on */
  offHours: z
    .strictObject({
      timezone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. "Europe/Berlin" or "UTC"'),
      days: z
        .array(z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` }))
        .min(1, 'needs at least one day')
        .refine((d) => new Set(d).size === d.length, 'must not repeat a day'),
      startAt: z.string().regex(HH_MM, 'must be "hh:mm" (24 h)'),
      stopAt: z.string().regex(HH_MM, 'must be "hh:mm" (24 h)'),
    })
    .optional(),
  /** Budget and Cost Anomaly Detection, notifying the warning topic (docs/cost.md). @default none */
  costGuardrails: z
    .strictObject({
      /** Monthly cost budget (USD); warns at 80% and 100% of the forecast. null: no budget. */
      monthlyBudgetUsd: z.number().int('must be a whole number of USD').min(1, 'must be at least 1 (USD)').nullable(),
      /** Total impact (USD) from which a cost anomaly notifies; null turns detection off. @default 50 */
      anomalyThresholdUsd: z.number().min(1, 'must be at least 1 (USD)').nullable().optional(),
    })
    .optional(),
  /** Service level objectives and burn-rate alerting (docs/slos.md); null: none. @default defaultSlos(production) */
  slo: sloSchema.nullable().optional(),
  /** The outside-in Synthetics canary (docs/slos.md#canary). @default DEFAULT_CANARY */
  canary: canarySchema.optional(),
  /** Fault-injection drills (docs/drills.md). @default on outside production */
  drills: drillsSchema.optional(),
});

export type EnvironmentConfig = z.infer<typeof environmentSchema>;
export type AlarmDestinations = z.infer<typeof alarmDestinationsSchema>;
export type BackupConfig = z.infer<typeof backupSchema>;
export type VaultLockConfig = z.infer<typeof vaultLockSchema>;
export type BackupIsolationConfig = z.infer<typeof backupIsolationSchema>;
export type RestoreTestingConfig = z.infer<typeof restoreTestingSchema>;
export type RestoreConfig = z.infer<typeof restoreSchema>;
export type MigrationConfig = z.infer<typeof migrationSchema>;
