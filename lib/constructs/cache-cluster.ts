import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { encryptedLogGroup } from './encrypted-log-group';
import { SUBNETS } from './network';

export interface CacheClusterProps {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  readonly nodeType: string;
  readonly replicasPerShard: number;
  readonly multiAz: boolean;
  readonly snapshotRetentionDays: number;
  /** UTC "hh:mm-hh:mm". */
  readonly snapshotWindow: string;
  /** UTC "ddd:hh:mm-ddd:hh:mm". */
  readonly maintenanceWindow: string;
  /** AUTH token, read by CloudFormation through a dynamic reference (never in the template). */
  readonly authToken: secretsmanager.ISecret;
  readonly dataKey: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

export const CACHE_PORT = 6379;
export const CACHE_ENGINE = 'valkey';
export const CACHE_ENGINE_VERSION = '8.0';

/**
 * Valkey replication group (Redis OSS 7 compatible) in the isolated subnets: TLS in transit with
 * an AUTH token, encrypted at rest with the data key, daily snapshots, slow log to CloudWatch.
 */
export class CacheCluster extends Construct {
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  /** Open the cache port from a client with `connections.allowDefaultPortFrom(client)`. */
  public readonly connections: ec2.Connections;
  public readonly replicationGroupId: string;

  constructor(scope: Construct, id: string, props: CacheClusterProps) {
    super(scope, id);
    this.replicationGroupId = `${props.envName}-flashcard-lms`;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `ElastiCache ${props.envName}: no ingress until a client security group is allowed`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(CACHE_PORT) });

    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: `Flashcard LMS ${props.envName} cache subnets`,
      subnetIds: props.vpc.selectSubnets({ subnetGroupName: SUBNETS.isolated }).subnetIds,
      cacheSubnetGroupName: `${props.envName}-flashcard-lms-cache`,
    });

    const slowLog = encryptedLogGroup(this, 'SlowLogGroup', {
      logGroupName: `/aws/elasticache/${this.replicationGroupId}/slow-log`,
      encryptionKey: props.logsKey,
      retentionDays: props.logRetentionDays,
    });

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: this.replicationGroupId,
      replicationGroupDescription: `Flashcard LMS ${props.envName} cache and rate-limit store`,
      engine: CACHE_ENGINE,
      engineVersion: CACHE_ENGINE_VERSION,
      cacheNodeType: props.nodeType,
      numNodeGroups: 1,
      replicasPerNodeGroup: props.replicasPerShard,
      multiAzEnabled: props.multiAz,
      automaticFailoverEnabled: props.multiAz || props.replicasPerShard > 0,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: CACHE_PORT,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: props.authToken.secretValue.unsafeUnwrap(),
      atRestEncryptionEnabled: true,
      kmsKeyId: props.dataKey.keyArn,
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow,
      preferredMaintenanceWindow: props.maintenanceWindow,
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: [
        {
          destinationType: 'cloudwatch-logs',
          destinationDetails: { cloudWatchLogsDetails: { logGroup: slowLog.logGroupName } },
          logFormat: 'json',
          logType: 'slow-log',
        },
      ],
    });
    this.replicationGroup.addResourceDependency(subnetGroup);
    // A final snapshot is taken when the group is deleted or replaced.
    this.replicationGroup.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    if (!props.multiAz) {
      // Config validation refuses this in production.
      acknowledge(this.replicationGroup, 'AwsSolutions-AEC4', `Single-AZ cache chosen in the ${props.envName} config to save cost; it holds only rebuildable cache and rate-limit data.`);
    }
  }
}
