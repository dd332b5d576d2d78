import { DEFAULT_MIGRATE_COMMAND, DEFAULT_VERIFY_COMMAND } from '../../lambda/migration/settings';
import { releaseImages } from './release';
import { EnvironmentConfig } from './schema';
import { DOCDB_CA_FILE } from '../contracts';

const DOMAIN = 'flashcard-lms.com';
/**
 * Replace with the zone ids of your public hosted zones (see README, "Configuration"). Each account
 * holds its own zone: staging's sub-domain zone is delegated from production's (docs/inputs.md).
 */
const HOSTED_ZONE_ID = 'Z0000000000000000FLMS';
const STAGING_HOSTED_ZONE_ID = 'Z000000000000000STAGE';

/** The plan's alert_rules.yml values (5xx for 2 min, p95 2 s for 5 min, 80% memory, 10% disk). */
const MONITORING_DEFAULTS: EnvironmentConfig['monitoring'] = {
  errorRatePercent: 5,
  errorRateMinutes: 2,
  latencyP95Seconds: 2,
  latencyMinutes: 5,
  memoryPercent: 80,
  diskFreePercent: 10,
  cpuPercent: 80,
  replicaLagMs: 2000,
  evictionsPer5Minutes: 100,
  appErrorsPer5Minutes: 10,
  wafBlockedPer5Minutes: 1000,
  certificateExpiryDays: 30,
};

/** The plan's backend settings (10 MB uploads, 60 requests a minute and 1000 an hour) and health paths. */
const BACKEND_SETTINGS = {
  maxFileSizeBytes: 10485760,
  rateLimitPerMinute: 60,
  rateLimitPerHour: 1000,
  livenessPath: '/health',
  readinessPath: '/health/detailed',
  docdbCaFile: DOCDB_CA_FILE,
} as const;

/** Edge limits (docs/edge.md): 6000 per IP per 5 minutes lets 30 students behind one NAT load the app together. */
const EDGE_DEFAULTS: EnvironmentConfig['edge'] = {
  perIpPer5Minutes: 6000,
  signInPerIpPer5Minutes: 100,
  apiPathPrefix: '/api/',
  signInPaths: ['/api/v1/auth/login', '/api/v1/auth/token', '/api/v1/auth/refresh'],
  uploadPaths: ['/api/v1/uploads'],
  credentialHeader: 'authorization',
};

/** Staging replaces tasks in place; the alternate target groups and test rules exist all the same. */
const STAGING_DELIVERY: EnvironmentConfig['delivery'] = { backend: { strategy: 'rolling' }, frontend: { strategy: 'rolling' } };

/**
 * Production: the backend takes 10% of users for 5 minutes before the rest; the frontend moves all
 * at once, so a browser never loads a new index.html from one task and its assets from an old one.
 */
const PRODUCTION_DELIVERY: EnvironmentConfig['delivery'] = {
  backend: { strategy: 'canary', canaryPercent: 10, canaryIntervalMinutes: 5, bakeTimeMinutes: 10 },
  frontend: { strategy: 'blueGreen', bakeTimeMinutes: 10 },
};

export const STAGING: EnvironmentConfig = {
  name: 'staging',
  production: false,
  account: '111111111111',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  domain: { name: `staging.${DOMAIN}`, hostedZoneId: STAGING_HOSTED_ZONE_ID, apiSubdomain: 'api', statusSubdomain: 'status', includeWww: false },
  debug: false,
  logRetentionDays: 30,
  // One NAT instance instead of a NAT gateway (~$8 against ~$40 a month); image layers bypass it through the S3 endpoint.
  network: { cidr: '10.20.0.0/16', natGateways: 1, natProvider: 'instance', flowLogRetentionDays: 14, interfaceEndpoints: false },
  documentDb: {
    instanceClass: 'db.t4g.medium',
    instances: 1,
    backupRetentionDays: 7,
    preferredBackupWindow: '02:00-03:00',
    preferredMaintenanceWindow: 'sun:04:00-sun:05:00',
    deletionProtection: false,
    masterPasswordRotationDays: 30,
    profilerThresholdMs: 200,
    databaseName: 'flashcard_lms',
  },
  cache: {
    nodeType: 'cache.t4g.micro',
    replicasPerShard: 0,
    multiAz: false,
    snapshotRetentionDays: 1,
    snapshotWindow: '03:00-04:00',
    maintenanceWindow: 'sun:05:00-sun:06:00',
  },
  uploads: { transitionToIaDays: 30, posixUid: 1000, posixGid: 1000 },
  alarms: {
    critical: { emails: ['platform-staging@flashcard-lms.com'], smsNumbers: [], httpsEndpoints: [] },
    warning: { emails: [], smsNumbers: [], httpsEndpoints: [] },
  },
  // Read on use: loadEnvironments takes the tags from release.json itself and reports its problems.
  get images() {
    return releaseImages('staging');
  },
  monitoring: { ...MONITORING_DEFAULTS, appErrorsPer5Minutes: 25, wafBlockedPer5Minutes: 500 },
  services: {
    cpuArchitecture: 'X86_64',
    // Service-level metrics feed the alarms; task-level detail is not worth its cost here.
    containerInsights: 'enabled',
    // Spot for the extra tasks only: one on-demand task always runs.
    capacityProviders: [
      { provider: 'FARGATE', weight: 1, base: 1 },
      { provider: 'FARGATE_SPOT', weight: 3, base: 0 },
    ],
    backend: { cpu: 512, memoryMiB: 1024, desiredCount: 1, minCount: 1, maxCount: 3, targetCpuPercent: 60, targetRequestsPerTarget: 600 },
    frontend: { cpu: 256, memoryMiB: 512, desiredCount: 1, minCount: 1, maxCount: 2, targetCpuPercent: 60, targetRequestsPerTarget: 1500 },
    enableExecuteCommand: true,
    logLevel: 'DEBUG',
    corsOrigins: [`https://staging.${DOMAIN}`],
    ...BACKEND_SETTINGS,
  },
  edge: EDGE_DEFAULTS,
  delivery: STAGING_DELIVERY,
  backup: {
    // Inside the working day, while the off-hours schedule keeps DocumentDB running (docs/off-hours.md).
    scheduleWindow: { startHourUtc: 11, startWindowHours: 1, completionWindowHours: 4 },
    dailyRetentionDays: 30,
    weeklyRetentionDays: null,
    monthlyRetentionDays: null,
    vaultLock: null,
    copyToRegion: null,
    // Weekly in staging, so a broken restore path shows up before production's monthly test.
    restoreTesting: { scheduleExpression: 'cron(0 7 ? * MON *)', startWindowHours: 4, validationWindowHours: 4, selectionWindowDays: 7 },
  },
  migration: {
    migrateCommand: DEFAULT_MIGRATE_COMMAND,
    verifyCommand: DEFAULT_VERIFY_COMMAND,
    snapshotRetentionDays: 7,
    snapshotsToKeep: 3,
    timeoutMinutes: 50,
    appUserRotationDays: 30,
  },
  // Up on weekdays 08:00-18:00 Irish time: services at zero and DocumentDB stopped otherwise (docs/off-hours.md).
  // No SLOs: no users to promise anything to, and off at night; the canary and the alarms still watch it (docs/slos.md).
  slo: null,
  // Every 10 minutes, in working hours only (the off-hours schedule stops it with the services).
  canary: { everyMinutes: 10, secondRegion: null },
  offHours: { timezone: 'Europe/Dublin', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startAt: '08:00', stopAt: '18:00' },
  // Above the estimate (docs/cost.md) with room for test traffic; a forecast past it warns.
  costGuardrails: { monthlyBudgetUsd: 200, anomalyThresholdUsd: 25 },
};

export const PRODUCTION: EnvironmentConfig = {
  name: 'production',
  production: true,
  account: '222222222222',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  domain: { name: DOMAIN, hostedZoneId: HOSTED_ZONE_ID, apiSubdomain: 'api', statusSubdomain: 'status', includeWww: true },
  debug: false,
  // One year: Control Tower CT.CLOUDWATCH.PR.2 (docs/control-tower.md; the cost is in docs/configuration.md).
  logRetentionDays: 365,
  // One NAT per AZ (invariant). No interface endpoints: at ~$24 a month each over 3 AZs they pay off
  // only above ~2 TB a month through NAT (docs/cost.md, "Defaults and why").
  network: { cidr: '10.30.0.0/16', natGateways: 3, flowLogRetentionDays: 365, interfaceEndpoints: false },
  documentDb: {
    // A writer and a reader in another AZ on Graviton (docs/cost.md, "Defaults and why"); r6g.large when memory runs short.
    instanceClass: 'db.t4g.medium',
    instances: 2,
    backupRetentionDays: 14,
    preferredBackupWindow: '02:00-03:00',
    preferredMaintenanceWindow: 'sun:04:00-sun:05:00',
    deletionProtection: true,
    masterPasswordRotationDays: 30,
    profilerThresholdMs: 100,
    databaseName: 'flashcard_lms',
  },
  cache: {
    // Primary and one replica (Multi-AZ failover); sessions and counters fit in 3 GiB.
    nodeType: 'cache.t4g.medium',
    replicasPerShard: 1,
    multiAz: true,
    snapshotRetentionDays: 7,
    snapshotWindow: '03:00-04:00',
    maintenanceWindow: 'sun:05:00-sun:06:00',
  },
  uploads: { transitionToIaDays: 30, posixUid: 1000, posixGid: 1000 },
  alarms: {
    critical: { emails: ['oncall@flashcard-lms.com'], smsNumbers: [], httpsEndpoints: [] },
    warning: { emails: ['platform@flashcard-lms.com'], smsNumbers: [], httpsEndpoints: [] },
  },
  get images() {
    return releaseImages('production');
  },
  monitoring: { ...MONITORING_DEFAULTS, appErrorsPer5Minutes: 10, wafBlockedPer5Minutes: 1000 },
  services: {
    cpuArchitecture: 'ARM64',
    capacityProviders: [{ provider: 'FARGATE', weight: 1, base: 2 }],
    backend: { cpu: 1024, memoryMiB: 2048, desiredCount: 3, minCount: 3, maxCount: 12, targetCpuPercent: 60, targetRequestsPerTarget: 1000 },
    frontend: { cpu: 256, memoryMiB: 512, desiredCount: 2, minCount: 2, maxCount: 6, targetCpuPercent: 60, targetRequestsPerTarget: 2000 },
    enableExecuteCommand: false,
    logLevel: 'INFO',
    corsOrigins: [`https://${DOMAIN}`, `https://www.${DOMAIN}`],
    ...BACKEND_SETTINGS,
  },
  edge: EDGE_DEFAULTS,
  delivery: PRODUCTION_DELIVERY,
  backup: {
    scheduleWindow: { startHourUtc: 5, startWindowHours: 1, completionWindowHours: 8 },
    dailyRetentionDays: 35,
    weeklyRetentionDays: 90,
    monthlyRetentionDays: 365,
    // Compliance mode: after 7 days nobody (root included) can shorten retention or delete the vault.
    vaultLock: { mode: 'compliance', minRetentionDays: 30, maxRetentionDays: 400, changeableForDays: 7 },
    copyToRegion: 'eu-central-1',
    restoreTesting: { scheduleExpression: 'cron(0 7 1 * ? *)', startWindowHours: 8, validationWindowHours: 6, selectionWindowDays: 2 },
  },
  migration: {
    migrateCommand: DEFAULT_MIGRATE_COMMAND,
    verifyCommand: DEFAULT_VERIFY_COMMAND,
    // A month of releases can be rolled back to; the newest five survive a quiet month.
    snapshotRetentionDays: 30,
    snapshotsToKeep: 5,
    timeoutMinutes: 50,
    appUserRotationDays: 30,
  },
  costGuardrails: { monthlyBudgetUsd: 1000, anomalyThresholdUsd: 50 },
};

export const BUILT_IN_ENVIRONMENTS: readonly EnvironmentConfig[] = [STAGING, PRODUCTION];
