import { z } from 'zod';
import { parseCommand } from '../../lambda/migration/command';
import { DEFAULT_MIGRATE_COMMAND, DEFAULT_VERIFY_COMMAND } from '../../lambda/migration/settings';
import { githubAccessOverrideSchema } from './github-access';
import { isTimeZone } from './off-hours';
import { edgeSchema } from './edge';
import { deliverySchema } from './delivery';
import { canarySchema, sloSchema } from './slo';
import { drillsSchema } from './drills';
import { ChoiceRule, CHOICES, FORMAT_MESSAGES, LengthRule, LENGTHS, NumberChoiceRule, NumberRule, NUMBER_CHOICES, NUMBERS, TextRule, TEXTS } from './field-rules';

export { BACKUP_CRON, BACKUP_VAULT_ARN, DOCDB_SNAPSHOT, IAM_ROLE_NAME } from './field-rules';
export { DOCDB_CLUSTER_ID } from '../contracts';

// Type errors read like the other messages: "must be a number (got "3")".
z.config({
  customError: (issue) => (issue.code === 'invalid_type' ? `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}` : undefined),
});

// The fields' bounds, patterns and messages are data (field-rules.ts); these build a field from its rule.

/** A number within a rule's bounds. */
const bounded = (rule: NumberRule) => {
  let schema = z.number();
  if (rule.int) schema = schema.int(rule.intMessage);
  if (rule.min !== undefined) schema = schema.min(rule.min, rule.minMessage ?? rule.message);
  if (rule.max !== undefined) schema = schema.max(rule.max, rule.maxMessage ?? rule.message);
  return schema;
};

/** A whole number from a fixed set. */
const numberIn = (rule: NumberChoiceRule) =>
  z
    .number()
    .int()
    .refine((v) => rule.values.includes(v), { message: rule.message });

/** Text matching a rule's pattern. */
const matching = (rule: TextRule) => z.string().regex(rule.pattern, rule.message);

/** One of a rule's values. */
const oneOf = <T extends string>(rule: ChoiceRule<T>) => z.enum(rule.values, { error: rule.message });

/** A list within a rule's length bounds. */
const listOf = <T extends z.ZodType>(item: T, rule: LengthRule) => {
  const list = z.array(item).min(rule.min, rule.minMessage);
  return rule.max === undefined ? list : list.max(rule.max, rule.maxMessage);
};

export const logRetentionDays = numberIn(NUMBER_CHOICES.logRetentionDays);

export const dailyWindow = matching(TEXTS.dailyWindow);
export const weeklyWindow = matching(TEXTS.weeklyWindow);

export const domainName = matching(TEXTS.domainName);

const dnsLabel = matching(TEXTS.dnsLabel);

const email = z.email(FORMAT_MESSAGES.email);
const smsNumber = matching(TEXTS.smsNumber);
const httpsUrl = z.url({ protocol: /^https$/, error: FORMAT_MESSAGES.httpsUrl });

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
  desiredCount: bounded(NUMBERS.desiredCount),
  minCount: bounded(NUMBERS.desiredCount),
  maxCount: bounded(NUMBERS.maxCount),
  /** Target tracking: average CPU utilization (%). */
  targetCpuPercent: bounded(NUMBERS.targetCpuPercent),
  /** Target tracking: ALB requests per target per minute. */
  targetRequestsPerTarget: bounded(NUMBERS.targetRequestsPerTarget),
});

const capacityProvider = z.strictObject({
  provider: oneOf(CHOICES.capacityProvider),
  weight: bounded(NUMBERS.capacityWeight),
  base: bounded(NUMBERS.capacityBase),
});

export const vaultLockSchema = z.strictObject({
  /** `compliance` can never be removed once `changeableForDays` have passed; `governance` can, with special permission. */
  mode: oneOf(CHOICES.vaultLockMode),
  /** Recovery points must be kept at least this long (every rule's retention must be within the bounds). */
  minRetentionDays: bounded(NUMBERS.vaultLockMinRetentionDays),
  maxRetentionDays: bounded(NUMBERS.vaultLockMaxRetentionDays),
  /** Compliance mode only: days during which the lock can still be changed or removed (AWS minimum 3). */
  changeableForDays: bounded(NUMBERS.changeableForDays).nullable(),
});

export const restoreTestingSchema = z.strictObject({
  /** When restore tests run, e.g. "cron(0 6 1 * ? *)" (monthly, UTC). */
  scheduleExpression: matching(TEXTS.restoreTestSchedule),
  /** Hours a scheduled test may wait to start before it is cancelled. */
  startWindowHours: bounded(NUMBERS.restoreTestStartWindowHours),
  /** Hours the restored resources are kept for validation; AWS Backup deletes them when the result is reported or this window ends. */
  validationWindowHours: bounded(NUMBERS.restoreTestValidationWindowHours),
  /** Only recovery points at most this many days old are picked (the latest one is tested). */
  selectionWindowDays: bounded(NUMBERS.restoreTestSelectionWindowDays),
});

/**
 * Disaster recovery: build a NEW DocumentDB cluster from a snapshot or a point in time. The old cluster
 * stays; the services move to the new one. Set exactly one of `fromSnapshot` and `pointInTime`.
 */
export const restoreSchema = z.strictObject({
  /** Numbers the restored cluster (`<env>-flashcard-lms-restored-<generation>`); raise it for each new restore. */
  generation: bounded(NUMBERS.restoreGeneration),
  /** Cluster snapshot name or ARN (same account and region) to restore from. */
  fromSnapshot: matching(TEXTS.fromSnapshot).optional(),
  /** UTC time "YYYY-MM-DDThh:mm:ssZ" within the source's backup retention, or "latest". */
  pointInTime: z.union([z.literal('latest'), matching(TEXTS.pointInTime)], { error: FORMAT_MESSAGES.pointInTime }).optional(),
  /** Point in time only: identifier of the cluster whose history is restored. */
  sourceClusterId: matching(TEXTS.sourceClusterId).optional(),
  /** Point in time only: `copy-on-write` clones share storage with the source (fast); `full-copy` copies it. @default full-copy */
  restoreType: oneOf(CHOICES.restoreType).optional(),
});

/** A second, isolated copy of every recovery point (docs/backup-isolation.md). */
export const backupIsolationSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      /** AWS::Backup::LogicallyAirGappedBackupVault in this account and region: always compliance-locked, shareable. */
      kind: z.literal('logically-air-gapped'),
      /** AWS Backup minimum: 7 days. */
      minRetentionDays: bounded(NUMBERS.airGappedMinRetentionDays),
      maxRetentionDays: bounded(NUMBERS.airGappedMaxRetentionDays),
    }),
    z.strictObject({
      /** A vault in another account (its owner sets the access policy and lock there). */
      kind: z.literal('separate-account'),
      vaultArn: matching(TEXTS.vaultArn),
    }),
  ],
  { error: FORMAT_MESSAGES.backupIsolation },
);

export const backupSchema = z.strictObject({
  /** When scheduled backups start (UTC) and how long they may take. */
  scheduleWindow: z.strictObject({
    startHourUtc: bounded(NUMBERS.backupStartHourUtc),
    /** Hours a job may wait to start (AWS Backup minimum 1). */
    startWindowHours: bounded(NUMBERS.backupStartWindowHours),
    /** Hours a started job may run (at least 1 more than the start window). */
    completionWindowHours: bounded(NUMBERS.backupCompletionWindowHours),
  }),
  /** Daily recovery points are kept this long (at least 30, as the plan requires). */
  dailyRetentionDays: bounded(NUMBERS.dailyRetentionDays),
  /** Sunday recovery points; null skips the weekly rule. */
  weeklyRetentionDays: bounded(NUMBERS.weeklyRetentionDays).nullable(),
  /** First-of-month recovery points; null skips the monthly rule. */
  monthlyRetentionDays: bounded(NUMBERS.monthlyRetentionDays).nullable(),
  /** Vault lock; required in production. */
  vaultLock: vaultLockSchema.nullable(),
  /** Disaster-recovery region every recovery point is copied to; required in production. */
  copyToRegion: oneOf(CHOICES.region).nullable(),
  restoreTesting: restoreTestingSchema,
  /** Set only to recover the database (see README, "Disaster recovery"). @default no restore */
  restore: restoreSchema.optional(),
  /** The only role allowed to delete, disable or re-police the backup keys. @default "flashcard-lms-break-glass" */
  breakGlassRoleName: matching(TEXTS.breakGlassRoleName).optional(),
  /** A copy of every recovery point that survives a compromised account admin. @default none */
  isolation: backupIsolationSchema.optional(),
});

/** A command as the migration Lambda runs it (argv without a shell, or a JSON array); checked with the Lambda's own parser. */
const migrationCommand = (example: string) =>
  z.string().superRefine((text, ctx) => {
    const parsed = parseCommand(text);
    if ('problem' in parsed) ctx.addIssue(`${parsed.problem}; e.g. "${example}"`);
  });

export const migrationSchema = z.strictObject({
  /** Run in a one-off task of the backend image after the pre-migration snapshot. */
  migrateCommand: migrationCommand(DEFAULT_MIGRATE_COMMAND),
  /** Run after the migrate command succeeded; a non-zero exit fails the deploy. */
  verifyCommand: migrationCommand(DEFAULT_VERIFY_COMMAND),
  /** Pre-migration snapshots older than this may be pruned after a successful run. */
  snapshotRetentionDays: bounded(NUMBERS.migrationSnapshotRetentionDays),
  /** The newest pre-migration snapshots, kept whatever their age. */
  snapshotsToKeep: bounded(NUMBERS.migrationSnapshotsToKeep),
  /** A run unfinished after this fails, notifies and fails the deploy; below CloudFormation's 60-minute custom-resource limit. */
  timeoutMinutes: bounded(NUMBERS.migrationTimeoutMinutes),
  /** Multi-user rotation interval of the application user's DocumentDB password. */
  appUserRotationDays: bounded(NUMBERS.rotationDays),
});

export const environmentSchema = z.strictObject({
  /** Environment name; prefixes stacks, alarms and resource names. */
  name: matching(TEXTS.envName),
  /** Production environments must satisfy the production invariants. */
  production: z.boolean(),
  account: matching(TEXTS.account),
  region: oneOf(CHOICES.region),
  /** GitHub deploy access; each field defaults from the name (`defaultGithubAccess`). */
  github: githubAccessOverrideSchema.optional(),
  /** Explicit AZs (no lookups at synth). */
  availabilityZones: listOf(z.string(), LENGTHS.availabilityZones),
  domain: z.strictObject({
    name: domainName,
    /** Route 53 public hosted zone that holds `name`. */
    hostedZoneId: matching(TEXTS.hostedZoneId),
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
    natGateways: bounded(NUMBERS.natGateways),
    /** "gateway": managed NAT gateways; "instance": a t4g.nano NAT instance each, outside production (docs/cost.md). @default 'gateway' */
    natProvider: oneOf(CHOICES.natProvider).optional(),
    flowLogRetentionDays: logRetentionDays,
    /** Interface endpoints for ECR, Logs and Secrets Manager (the S3 gateway endpoint is always on). */
    interfaceEndpoints: z.boolean(),
  }),
  documentDb: z.strictObject({
    /** Engine version of a new cluster; an existing one moves up by the steps in docs/engines.md. @default '8.0' */
    engineVersion: oneOf(CHOICES.docdbEngineVersion).optional(),
    /** Checked against engineVersion in invariants.ts. */
    instanceClass: oneOf(CHOICES.docdbInstanceClass),
    instances: bounded(NUMBERS.docdbInstances),
    backupRetentionDays: bounded(NUMBERS.docdbBackupRetentionDays),
    preferredBackupWindow: dailyWindow,
    preferredMaintenanceWindow: weeklyWindow,
    deletionProtection: z.boolean(),
    masterPasswordRotationDays: bounded(NUMBERS.rotationDays),
    /** Operations slower than this are written to the profiler log. */
    profilerThresholdMs: bounded(NUMBERS.profilerThresholdMs),
    /** Application database name. */
    databaseName: matching(TEXTS.databaseName),
  }),
  cache: z.strictObject({
    nodeType: oneOf(CHOICES.cacheNodeType),
    replicasPerShard: bounded(NUMBERS.cacheReplicasPerShard),
    multiAz: z.boolean(),
    snapshotRetentionDays: bounded(NUMBERS.cacheSnapshotRetentionDays),
    snapshotWindow: dailyWindow,
    maintenanceWindow: weeklyWindow,
    /** Days between AUTH token rotations (docs/secret-rotation.md); null turns rotation off. @default 30 */
    authTokenRotationDays: bounded(NUMBERS.rotationDays).nullable().optional(),
  }),
  uploads: z.strictObject({
    transitionToIaDays: numberIn(NUMBER_CHOICES.transitionToIaDays),
    /** uid/gid of the backend image's non-root user. */
    posixUid: bounded(NUMBERS.posixUid),
    posixGid: bounded(NUMBERS.posixGid),
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
    buildFrom: z.string().min(1, FORMAT_MESSAGES.buildFrom).optional(),
  }),
  monitoring: z.strictObject({
    /** Target 5xx as a share of requests, per target group (%), sustained for `errorRateMinutes`. */
    errorRatePercent: bounded(NUMBERS.errorRatePercent),
    errorRateMinutes: bounded(NUMBERS.errorRateMinutes),
    /** p95 response time (seconds) sustained for `latencyMinutes` (the plan: 2 s for 5 min). */
    latencyP95Seconds: bounded(NUMBERS.latencyP95Seconds),
    latencyMinutes: bounded(NUMBERS.latencyMinutes),
    /** Memory in use (%) of tasks, DocumentDB and the cache, sustained 5 minutes (the plan: 80). */
    memoryPercent: bounded(NUMBERS.memoryPercent),
    /** Free disk (%) below which an alarm fires (the plan: 10). */
    diskFreePercent: bounded(NUMBERS.diskFreePercent),
    /** CPU (%) of DocumentDB and the cache, sustained 10 minutes. */
    cpuPercent: bounded(NUMBERS.cpuPercent),
    /** DocumentDB replica lag (ms). */
    replicaLagMs: bounded(NUMBERS.replicaLagMs),
    /** Cache evictions per 5 minutes. */
    evictionsPer5Minutes: bounded(NUMBERS.perFiveMinutes),
    /** ERROR/CRITICAL log lines of the backend per 5 minutes. */
    appErrorsPer5Minutes: bounded(NUMBERS.perFiveMinutes),
    /** Requests blocked by WAF per 5 minutes before a warning. */
    wafBlockedPer5Minutes: bounded(NUMBERS.perFiveMinutes),
    /** Days before certificate expiry to warn (ACM renews at 60). */
    certificateExpiryDays: bounded(NUMBERS.certificateExpiryDays),
    /** Reserved concurrency of the public status page: a flood is throttled there, not in other functions. @default 10 */
    statusPageConcurrency: bounded(NUMBERS.statusPageConcurrency).optional(),
  }),
  services: z.strictObject({
    cpuArchitecture: oneOf(CHOICES.cpuArchitecture),
    /** Container Insights on the service cluster: "enhanced" adds task and container metrics (more metrics, more cost). @default 'enhanced' */
    containerInsights: oneOf(CHOICES.containerInsights).optional(),
    capacityProviders: listOf(capacityProvider, LENGTHS.capacityProviders),
    backend: serviceSizing,
    frontend: serviceSizing,
    /** ECS Exec into running tasks; logged and encrypted when on. */
    enableExecuteCommand: z.boolean(),
    logLevel: oneOf(CHOICES.logLevel),
    /** Origins the API accepts cross-origin requests from. @default the site */
    corsOrigins: listOf(z.url({ protocol: /^https$/, error: FORMAT_MESSAGES.corsOrigin }), LENGTHS.corsOrigins),
    maxFileSizeBytes: bounded(NUMBERS.maxFileSizeBytes),
    /** Application rate limits, also enforced at the edge by WAF. */
    rateLimitPerMinute: bounded(NUMBERS.rateLimitPerMinute),
    rateLimitPerHour: bounded(NUMBERS.rateLimitPerHour),
    /** Days between JWT key rotations (docs/secret-rotation.md); longer than the longest token lifetime. null turns rotation off. @default 30 */
    jwtKeyRotationDays: bounded(NUMBERS.rotationDays).nullable().optional(),
    /** Backend liveness (container health check) and readiness (load balancer) paths. */
    livenessPath: matching(TEXTS.livenessPath),
    readinessPath: matching(TEXTS.readinessPath),
    /** In-image CA bundle for DocumentDB TLS, referenced by DATABASE_URL. */
    docdbCaFile: matching(TEXTS.docdbCaFile),
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
      timezone: z.string().refine(isTimeZone, FORMAT_MESSAGES.timezone),
      days: listOf(oneOf(CHOICES.weekday), LENGTHS.offHoursDays).refine((d) => new Set(d).size === d.length, FORMAT_MESSAGES.repeatedDay),
      startAt: matching(TEXTS.offHoursTime),
      stopAt: matching(TEXTS.offHoursTime),
    })
    .optional(),
  /** Budget and Cost Anomaly Detection, notifying the warning topic (docs/cost.md). @default none */
  costGuardrails: z
    .strictObject({
      /** Monthly cost budget (USD); warns at 80% and 100% of the forecast. null: no budget. */
      monthlyBudgetUsd: bounded(NUMBERS.monthlyBudgetUsd).nullable(),
      /** Total impact (USD) from which a cost anomaly notifies; null turns detection off. @default 50 */
      anomalyThresholdUsd: bounded(NUMBERS.anomalyThresholdUsd).nullable().optional(),
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
