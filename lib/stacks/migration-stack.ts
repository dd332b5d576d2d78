import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { AlarmTopics } from '../constructs/observability/alarm-topics';
import { BACKEND_SERVICE, backendEnvironment, ecsClusterName } from '../constructs/service/backend-container';
import { AppUserRotation } from '../constructs/security/app-user-rotation';
import { CACHE_PORT } from '../constructs/data/cache-cluster';
import { allowIngressFromClient } from '../constructs/shared/cross-stack-ingress';
import { DatabaseBootstrap } from '../constructs/data/database-bootstrap';
import { DatabaseMigration } from '../constructs/migration/database-migration';
import { DOCDB_PORT } from '../constructs/data/document-database';
import { migrationSecrets, MigrationTask } from '../constructs/migration/migration-task';
import { SUBNETS } from '../constructs/network/network';
import { grantDecryptViaSecretsManager, secretReference } from '../constructs/shared/secret-access';
import { ServiceRepositories } from '../constructs/delivery/service-repositories';
import { CacheCluster } from '../constructs/data/cache-cluster';
import { DatabaseAppUser } from '../constructs/data/database-app-user';
import { DocumentDatabase } from '../constructs/data/document-database';
import { PlatformStackProps } from './platform-stack-props';
import { configuredImage, siteNames } from './service-stack';
import { migrationClusterName } from '../contracts';

/** The data tier the bootstrap and the migration prepare. */
export interface MigratedData {
  readonly database: DocumentDatabase;
  readonly cache: CacheCluster;
  /** The application's user, created by the bootstrap and then rotated. */
  readonly appUser: DatabaseAppUser;
  /** The health check's read-only user, likewise. */
  readonly healthCheckUser: DatabaseAppUser;
}

export interface MigrationStackProps extends PlatformStackProps {
  readonly data: MigratedData;
  readonly repositories: ServiceRepositories;
  readonly topics: AlarmTopics;
}

export { migrationClusterName };

/** Logical id of the output that `npm run migrate` reads (scripts/migrate/stack-settings.ts). */
export const MIGRATION_SETTINGS_OUTPUT = 'MigrationSettings';

/**
 * Prepares the database for each deploy, before the services take the new release: the
 * bootstrap (application user, connection URL secrets), then, when the backend image tag
 * changed, the migration (snapshot, migrate and verify tasks of the backend image). The service
 * stack depends on this one, so it never depends on the service stack: the migration task is
 * built from the same config, image and secrets as the backend and runs in a cluster of its
 * own, and the bootstrap names the services' cluster and backend service by their literal names.
 */
export class MigrationStack extends Stack {
  public readonly task: MigrationTask;
  public readonly bootstrap: DatabaseBootstrap;
  public readonly migration: DatabaseMigration;
  public readonly appUserRotation: AppUserRotation;
  /** The health check user's rotation, likewise after the bootstrap creates the user. */
  public readonly healthCheckUserRotation: AppUserRotation;

  constructor(scope: Construct, id: string, props: MigrationStackProps) {
    super(scope, id, props);
    const { config, vpc, keys, secrets, data, repositories, topics } = props;
    const logs = { logsKey: keys.logsKey, logRetentionDays: config.logRetentionDays };
    const backendImage = configuredImage(this, config, 'backend', repositories);
    // The tag a migration runs for: the configured one, or for an image built from a checkout its
    // content hash, so a changed build also migrates.
    const imageTag = backendImage.asset?.assetHash ?? config.images.backendTag;
    this.task = new MigrationTask(this, 'MigrationTask', {
      envName: config.name,
      vpc,
      clusterName: migrationClusterName(config.name),
      image: backendImage.image,
      cpu: config.services.backend.cpu,
      memoryMiB: config.services.backend.memoryMiB,
      cpuArchitecture: config.services.cpuArchitecture === 'ARM64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
      user: `${config.uploads.posixUid}:${config.uploads.posixGid}`,
      environment: backendEnvironment(config, siteNames(config)),
      secrets: migrationSecrets(secretReference(this, 'DatabaseUrlRef', secrets.databaseUrl)),
      ...logs,
    });
    grantDecryptViaSecretsManager(this.task.taskDefinition.obtainExecutionRole(), keys.dataKey);
    const taskSg = this.task.securityGroup;
    allowIngressFromClient(this, 'MigrationToDocumentDb', { target: data.database.securityGroup, source: taskSg, port: DOCDB_PORT, description: 'Migration tasks to DocumentDB' });
    allowIngressFromClient(this, 'MigrationToCache', { target: data.cache.securityGroup, source: taskSg, port: CACHE_PORT, description: 'Migration tasks to ElastiCache' });

    this.bootstrap = new DatabaseBootstrap(this, 'DatabaseBootstrap', {
      envName: config.name,
      vpc,
      databaseSecurityGroup: data.database.securityGroup,
      masterSecret: data.database.masterSecret,
      appUser: { secret: data.appUser.secret, name: data.appUser.secretName },
      healthCheckUser: data.healthCheckUser.secret,
      redisAuthToken: { secret: secrets.redisAuthToken, name: secrets.redisAuthTokenName },
      databaseUrl: secrets.databaseUrl,
      redisUrl: secrets.redisUrl,
      secretsKey: keys.dataKey,
      clusterEndpoint: data.database.cluster.clusterEndpoint.hostname,
      clusterPort: DOCDB_PORT,
      databaseName: config.documentDb.databaseName,
      caFilePath: config.services.docdbCaFile,
      redisHost: data.cache.replicationGroup.attrPrimaryEndPointAddress,
      redisPort: data.cache.replicationGroup.attrPrimaryEndPointPort,
      ecsClusterName: ecsClusterName(config.name),
      ecsServiceName: BACKEND_SERVICE,
      // Each release reruns it, so a URL or user changed by hand is repaired on the next deploy.
      rerunOn: { imageTag },
      ...logs,
    });

    this.appUserRotation = new AppUserRotation(this, 'AppUserRotation', {
      vpc,
      secret: data.appUser.secret,
      secretKey: keys.dataKey,
      masterSecret: data.database.masterSecret,
      databaseSecurityGroup: data.database.securityGroup,
      rotationDays: config.migration.appUserRotationDays,
      userCreatedBy: this.bootstrap.resource,
    });
    this.healthCheckUserRotation = new AppUserRotation(this, 'HealthCheckUserRotation', {
      vpc,
      secret: data.healthCheckUser.secret,
      secretKey: keys.dataKey,
      masterSecret: data.database.masterSecret,
      databaseSecurityGroup: data.database.securityGroup,
      rotationDays: config.migration.appUserRotationDays,
      userCreatedBy: this.bootstrap.resource,
      label: 'Health-check-user',
    });

    this.migration = new DatabaseMigration(this, 'DatabaseMigration', {
      envName: config.name,
      clusterId: data.database.clusterName,
      imageTag,
      // `-c migrate=false` (see lib/app.ts CONTEXT.migrate): rollbacks deploy without migrating.
      skipRun: String(this.node.tryGetContext('migrate')) === 'false',
      ecsClusterName: migrationClusterName(config.name),
      task: this.task,
      subnetIds: vpc.selectSubnets({ subnetGroupName: SUBNETS.private }).subnetIds,
      migrateCommand: config.migration.migrateCommand,
      verifyCommand: config.migration.verifyCommand,
      snapshotRetentionDays: config.migration.snapshotRetentionDays,
      snapshotsToKeep: config.migration.snapshotsToKeep,
      timeoutMinutes: config.migration.timeoutMinutes,
      notifyTopic: topics.critical,
      notifyTopicKey: topics.key,
      ...logs,
    });
    // The migration task reads DATABASE_URL, which the bootstrap writes.
    this.migration.resource.node.addDependency(this.bootstrap.resource);

    new CfnOutput(this, MIGRATION_SETTINGS_OUTPUT, {
      description: 'Properties of the DatabaseMigration custom resource, read by `npm run migrate`',
      value: this.toJsonString(this.migration.settings),
    });
  }
}
