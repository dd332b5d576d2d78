/** Values the AWS services accept, checked at synth so a bad size fails here, not mid-deploy. */

/** Retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** DocumentDB engine versions new clusters may run (docs/engines.md): 8.0 is current, 5.0 stays selectable. */
export const DOCDB_ENGINE_VERSIONS = ['8.0', '5.0'] as const;
export type DocdbEngineVersion = (typeof DOCDB_ENGINE_VERSIONS)[number];
export const DEFAULT_DOCDB_ENGINE_VERSION: DocdbEngineVersion = '8.0';

const SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
/**
 * Provisioned instance classes per engine version ("Amazon DocumentDB Features and Configurations",
 * instance types table): 8.0 runs on Graviton only; T3 and R5 stay on 5.0. `db.serverless` is left
 * out: the template validation bundled with aws-cdk-lib rejects it in eu-west-1 (E3620, docs/engines.md).
 */
export const DOCDB_INSTANCE_CLASSES_BY_VERSION: Readonly<Record<DocdbEngineVersion, readonly string[]>> = {
  '5.0': [
    'db.t3.medium',
    'db.t4g.medium',
    ...[...SIZES, '24xlarge'].map((s) => `db.r5.${s}`),
    ...SIZES.map((s) => `db.r6g.${s}`),
    ...SIZES.slice(1).map((s) => `db.r6gd.${s}`),
    ...SIZES.map((s) => `db.r8g.${s}`),
  ],
  '8.0': ['db.t4g.medium', ...SIZES.map((s) => `db.r6g.${s}`), ...SIZES.slice(1).map((s) => `db.r6gd.${s}`), ...SIZES.map((s) => `db.r8g.${s}`)],
};

/** Every DocumentDB instance class some supported engine version accepts. */
export const DOCDB_INSTANCE_CLASSES = [...new Set(Object.values(DOCDB_INSTANCE_CLASSES_BY_VERSION).flat())];

/** DocumentDB automated backup retention bounds (days). */
export const DOCDB_BACKUP_RETENTION = { min: 1, max: 35 } as const;

/** DocumentDB allows 1 primary and up to 15 replicas. */
export const DOCDB_INSTANCE_COUNT = { min: 1, max: 16 } as const;

/** ElastiCache node types for Valkey / Redis OSS 7 (current generation). */
export const CACHE_NODE_TYPES = [
  'cache.t4g.micro',
  'cache.t4g.small',
  'cache.t4g.medium',
  'cache.t3.micro',
  'cache.t3.small',
  'cache.t3.medium',
  ...['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].map((s) => `cache.m6g.${s}`),
  ...['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].map((s) => `cache.m7g.${s}`),
  ...['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].map((s) => `cache.r6g.${s}`),
  ...['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].map((s) => `cache.r7g.${s}`),
] as const;

/** ElastiCache keeps automatic snapshots 0-35 days (0 turns them off). */
export const CACHE_SNAPSHOT_RETENTION = { min: 0, max: 35 } as const;

/** A replication group has a primary and 0-5 replicas per shard. */
export const CACHE_REPLICAS = { min: 0, max: 5 } as const;

/** EFS lifecycle transitions to Infrequent Access accept these ages (days). */
export const EFS_IA_TRANSITION_DAYS = [1, 7, 14, 30, 60, 90, 180, 270, 365] as const;

/** Secrets Manager rotation schedules run every 4 hours to 1000 days; we rotate in whole days. */
export const SECRET_ROTATION_DAYS = { min: 1, max: 1000 } as const;

/**
 * CloudFormation waits at most 60 minutes for a custom resource (ServiceTimeout 1-3600 s), so the
 * migration's completion polling cannot run longer, whatever the Provider's totalTimeout says.
 */
export const MIGRATION_PROVIDER_TIMEOUT_MINUTES = 60;

/** A run must fail on its own (with its notification) before CloudFormation gives up on it. */
export const MIGRATION_TIMEOUT_MINUTES = { min: 5, max: MIGRATION_PROVIDER_TIMEOUT_MINUTES - 5 } as const;

/** Bounds the migration Lambda accepts for its pruning settings. */
export const MIGRATION_SNAPSHOT_RETENTION_DAYS = { min: 1, max: 3650 } as const;
export const MIGRATION_SNAPSHOTS_TO_KEEP = { min: 1, max: 100 } as const;
