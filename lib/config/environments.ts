import { releaseImages } from './release';
import { EnvironmentConfig } from './schema';

const DOMAIN = 'flashcard-lms.com';
/** Replace with the zone id of your public hosted zone (see README, "Configuration"). */
const HOSTED_ZONE_ID = 'Z0000000000000000FLMS';

export const STAGING: EnvironmentConfig = {
  name: 'staging',
  production: false,
  account: '111111111111',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  domain: { name: `staging.${DOMAIN}`, hostedZoneId: HOSTED_ZONE_ID, apiSubdomain: 'api', statusSubdomain: 'status', includeWww: false },
  debug: false,
  logRetentionDays: 30,
  network: { cidr: '10.20.0.0/16', natGateways: 1, flowLogRetentionDays: 14, interfaceEndpoints: false },
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
  images: releaseImages('staging'),
};

export const PRODUCTION: EnvironmentConfig = {
  name: 'production',
  production: true,
  account: '222222222222',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  domain: { name: DOMAIN, hostedZoneId: HOSTED_ZONE_ID, apiSubdomain: 'api', statusSubdomain: 'status', includeWww: true },
  debug: false,
  logRetentionDays: 90,
  network: { cidr: '10.30.0.0/16', natGateways: 3, flowLogRetentionDays: 90, interfaceEndpoints: true },
  documentDb: {
    instanceClass: 'db.r6g.large',
    instances: 3,
    backupRetentionDays: 14,
    preferredBackupWindow: '02:00-03:00',
    preferredMaintenanceWindow: 'sun:04:00-sun:05:00',
    deletionProtection: true,
    masterPasswordRotationDays: 30,
    profilerThresholdMs: 100,
    databaseName: 'flashcard_lms',
  },
  cache: {
    nodeType: 'cache.m7g.large',
    replicasPerShard: 2,
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
  images: releaseImages('production'),
};

export const BUILT_IN_ENVIRONMENTS: readonly EnvironmentConfig[] = [STAGING, PRODUCTION];
