import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PlatformStackProps } from './platform-stack-props';
import { CacheCluster } from '../constructs/data/cache-cluster';
import { DatabaseAppUser, HEALTH_CHECK_USERNAME } from '../constructs/data/database-app-user';
import { DocumentDatabase } from '../constructs/data/document-database';
import { UploadsFileSystem } from '../constructs/data/uploads-file-system';
import { secretName } from '../contracts';

export type DataStackProps = PlatformStackProps;

/**
 * Stateful data tier: DocumentDB, ElastiCache and the uploads file system. Nothing stateless
 * lives here, so a service change can never replace a database.
 */
export class DataStack extends Stack {
  public readonly database: DocumentDatabase;
  /** The application's DocumentDB user (its secret); the bootstrap creates the user, the migration stack rotates it. */
  public readonly appUser: DatabaseAppUser;
  /** The health check's read-only DocumentDB user; the bootstrap creates it, the migration stack rotates it. */
  public readonly healthCheckUser: DatabaseAppUser;
  public readonly cache: CacheCluster;
  public readonly uploads: UploadsFileSystem;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config, vpc, keys, secrets } = props;
    const logs = { logsKey: keys.logsKey, logRetentionDays: config.logRetentionDays };

    this.database = new DocumentDatabase(this, 'DocumentDb', {
      envName: config.name,
      vpc,
      dataKey: keys.dataKey,
      ...logs,
      ...config.documentDb,
      restore: config.backup.restore,
    });
    this.appUser = new DatabaseAppUser(this, 'AppUser', {
      envName: config.name,
      cluster: this.database.cluster,
      masterSecret: this.database.masterSecret,
      dataKey: keys.dataKey,
    });
    this.healthCheckUser = new DatabaseAppUser(this, 'HealthCheckUser', {
      envName: config.name,
      cluster: this.database.cluster,
      masterSecret: this.database.masterSecret,
      dataKey: keys.dataKey,
      username: HEALTH_CHECK_USERNAME,
      secretName: secretName(config.name, 'docdb-health-check-user'),
    });
    this.cache = new CacheCluster(this, 'Cache', {
      envName: config.name,
      vpc,
      authToken: secrets.redisAuthToken,
      dataKey: keys.dataKey,
      ...logs,
      ...config.cache,
    });
    this.uploads = new UploadsFileSystem(this, 'Uploads', {
      envName: config.name,
      vpc,
      dataKey: keys.dataKey,
      ...config.uploads,
    });

    new CfnOutput(this, 'DocumentDbEndpoint', { value: this.database.cluster.clusterEndpoint.socketAddress });
    new CfnOutput(this, 'CacheEndpoint', { value: `${this.cache.replicationGroup.attrPrimaryEndPointAddress}:${this.cache.replicationGroup.attrPrimaryEndPointPort}` });
    new CfnOutput(this, 'UploadsFileSystemId', { value: this.uploads.fileSystem.fileSystemId });
  }
}
