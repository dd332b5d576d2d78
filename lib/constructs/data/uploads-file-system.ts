import { RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SUBNETS } from '../network/network';

export interface UploadsFileSystemProps {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  readonly dataKey: kms.IKey;
  /** Days after last access when files move to Infrequent Access. */
  readonly transitionToIaDays: number;
  /** uid/gid of the backend image's non-root user. */
  readonly posixUid: number;
  readonly posixGid: number;
}

const IA_POLICY: Record<number, efs.LifecyclePolicy> = {
  1: efs.LifecyclePolicy.AFTER_1_DAY,
  7: efs.LifecyclePolicy.AFTER_7_DAYS,
  14: efs.LifecyclePolicy.AFTER_14_DAYS,
  30: efs.LifecyclePolicy.AFTER_30_DAYS,
  60: efs.LifecyclePolicy.AFTER_60_DAYS,
  90: efs.LifecyclePolicy.AFTER_90_DAYS,
  180: efs.LifecyclePolicy.AFTER_180_DAYS,
  270: efs.LifecyclePolicy.AFTER_270_DAYS,
  365: efs.LifecyclePolicy.AFTER_365_DAYS,
};

export const NFS_PORT = 2049;

/** IAM principal tag a role needs to mount the uploads file system (set with `allowUploadsClient`). */
export const UPLOADS_CLIENT_TAG = 'flashcard-lms:uploads-client';

/** Marks a role (an ECS task role) as a client the uploads file system policy lets mount it. */
export function allowUploadsClient(role: iam.IRole): void {
  Tags.of(role).add(UPLOADS_CLIENT_TAG, 'true');
}

/**
 * EFS for user uploads (`/app/uploads`): encrypted with the data key, IAM-authorized TLS mounts
 * only, an access point pinned to the app's uid/gid, retained on stack deletion.
 */
export class UploadsFileSystem extends Construct {
  public readonly fileSystem: efs.FileSystem;
  public readonly accessPoint: efs.AccessPoint;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: UploadsFileSystemProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Uploads EFS ${props.envName}: no ingress until a client security group is allowed`,
      allowAllOutbound: false,
    });

    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      fileSystemName: `${props.envName}-flashcard-lms-uploads`,
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: SUBNETS.isolated },
      securityGroup: this.securityGroup,
      encrypted: true,
      kmsKey: props.dataKey,
      lifecyclePolicy: IA_POLICY[props.transitionToIaDays],
      outOfInfrequentAccessPolicy: efs.OutOfInfrequentAccessPolicy.AFTER_1_ACCESS,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      // AWS Backup owns the backups (plan selects this file system by ARN).
      enableAutomaticBackups: false,
      allowAnonymousAccess: false,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Clients must mount over TLS.
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUnencryptedTransport',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['*'],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );

    // Least privilege on the NFS side ("Using IAM to control file system data access", EFS User Guide):
    // no root, no mount without an access point, and only roles tagged as uploads clients. The task
    // roles live in a later stack, so they are named by tag, not ARN (no cycle); denies leave AWS
    // Backup, which uses no NFS client action, untouched.
    const clientActions = ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'];
    const { partition, region, account } = Stack.of(this);
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'DenyRootAccess', effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['elasticfilesystem:ClientRootAccess'] }),
    );
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyMountWithoutAccessPoint',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: clientActions,
        // Any of this account's access points: naming the one below would make the file system depend on it.
        conditions: { ArnNotLike: { 'elasticfilesystem:AccessPointArn': `arn:${partition}:elasticfilesystem:${region}:${account}:access-point/*` } },
      }),
    );
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyMountExceptUploadsClients',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: clientActions,
        conditions: { StringNotEquals: { [`aws:PrincipalTag/${UPLOADS_CLIENT_TAG}`]: 'true' } },
      }),
    );
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowUploadsClientsThroughAccessPoint',
        principals: [new iam.AccountRootPrincipal()],
        actions: clientActions,
        conditions: {
          StringEquals: { [`aws:PrincipalTag/${UPLOADS_CLIENT_TAG}`]: 'true' },
          Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' },
        },
      }),
    );

    this.accessPoint = this.fileSystem.addAccessPoint('UploadsAccessPoint', {
      path: '/uploads',
      posixUser: { uid: String(props.posixUid), gid: String(props.posixGid) },
      createAcl: { ownerUid: String(props.posixUid), ownerGid: String(props.posixGid), permissions: '750' },
    });
  }
}
