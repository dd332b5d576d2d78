import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { allowHttpsOut } from '../shared/cross-stack-ingress';
import { acknowledge } from '../../nag';
import { AppFunction } from '../service/app-function';
import { encryptedLogGroup } from '../shared/encrypted-log-group';
import { SUBNETS } from '../network/network';
import { SecretRotationSchedule } from '../security/secret-rotation-schedule';

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
  /** Days between AUTH token rotations (docs/secret-rotation.md); null turns rotation off. @default 30 */
  readonly authTokenRotationDays?: number | null;
}

/** Rotation steps wait for ElastiCache to apply ROTATE or SET (minutes); Lambda allows 15. */
const ROTATION_TIMEOUT = Duration.minutes(15);

export const CACHE_PORT = 6379;
export const CACHE_ENGINE = 'valkey';
/** Newest Valkey major ("Engine versions and upgrading in ElastiCache"); docs/engines.md says how to move up. */
export const CACHE_ENGINE_VERSION = '9.0';

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
  /** Ids of the cache nodes (`<group>-001`, `-002`, ...: one shard, its primary and replicas), the `CacheClusterId` of their metrics. */
  public readonly nodeIds: readonly string[];
  /** The AUTH token's rotation function, unless rotation is off. */
  public readonly authTokenRotation?: AppFunction;

  constructor(scope: Construct, id: string, props: CacheClusterProps) {
    super(scope, id);
    this.replicationGroupId = `${props.envName}-flashcard-lms`;
    this.nodeIds = Array.from({ length: props.replicasPerShard + 1 }, (_, i) => `${this.replicationGroupId}-${String(i + 1).padStart(3, '0')}`);

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
    const rotationDays = props.authTokenRotationDays === undefined ? 30 : props.authTokenRotationDays;
    if (rotationDays !== null) this.authTokenRotation = this.rotateAuthToken(props, rotationDays);

    if (!props.multiAz) {
      // Config validation refuses this in production.
      acknowledge(
        this.replicationGroup,
        'AwsSolutions-AEC4',
        `Single-AZ cache chosen in the ${props.envName} config to save cost; it holds only rebuildable cache and rate-limit data.`,
      );
    }
  }
  /** A rotation function in the VPC that can reach the cache, on the token secret's schedule. */
  private rotateAuthToken(props: CacheClusterProps, rotationDays: number): AppFunction {
    const { partition, region, account } = Stack.of(this);
    const securityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: `${this.replicationGroupId} AUTH rotation: no ingress; egress to the cache and AWS APIs`,
      allowAllOutbound: false,
    });
    allowHttpsOut(securityGroup, 'HTTPS: Secrets Manager and the ElastiCache API');
    this.connections.allowDefaultPortFrom(securityGroup, 'AUTH token rotation (testSecret)');
    const fn = new AppFunction(this, 'AuthTokenRotation', {
      source: 'redis-auth-rotation',
      functionName: `${this.replicationGroupId}-auth-rotation`,
      description: 'Rotates the ElastiCache AUTH token: ROTATE (old and new valid), test both, then make the new one current',
      vpc: props.vpc,
      securityGroup,
      timeout: ROTATION_TIMEOUT,
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
      environment: { REPLICATION_GROUP_ID: this.replicationGroupId },
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ChangeAuthToken',
        actions: ['elasticache:DescribeReplicationGroups', 'elasticache:ModifyReplicationGroup'],
        resources: [`arn:${partition}:elasticache:${region}:${account}:replicationgroup:${this.replicationGroupId}`],
      }),
    );
    // Records whether ElastiCache holds one token or two (the next rotation SETs first when two).
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'RecordTokenCount', actions: ['secretsmanager:TagResource'], resources: [props.authToken.secretArn] }));
    new SecretRotationSchedule(this, 'AuthTokenRotationSchedule', {
      secret: props.authToken,
      secretKey: props.dataKey,
      rotationFunction: fn,
      rotationDays,
    });
    return fn;
  }
}
