import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RestoreConfig } from '../../config';
import { acknowledge } from '../../nag';
import { encryptedLogGroup } from '../shared/encrypted-log-group';
import { SUBNETS } from '../network/network';
import { DEFAULT_DOCDB_ENGINE_VERSION, DocdbEngineVersion } from '../../config/allowed-values';
import { restoredClusterName, secretName } from '../../contracts';

export interface DocumentDatabaseProps {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  readonly instanceClass: string;
  readonly instances: number;
  /** Major engine version; the parameter group family follows it (docs/engines.md). @default '8.0' */
  readonly engineVersion?: DocdbEngineVersion;
  readonly backupRetentionDays: number;
  /** UTC "hh:mm-hh:mm". */
  readonly preferredBackupWindow: string;
  /** UTC "ddd:hh:mm-ddd:hh:mm". */
  readonly preferredMaintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly masterPasswordRotationDays: number;
  readonly profilerThresholdMs: number;
  readonly dataKey: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
  /**
   * Build a new cluster from a snapshot or a point in time; the original cluster stays defined,
   * unchanged, and `cluster` points to the restored one.
   * @default no restore
   */
  readonly restore?: RestoreConfig;
}

/** Username of the master user; the application never uses it. */
export const MASTER_USERNAME = 'lmsadmin';
export const DOCDB_PORT = 27017;

/** Kept out of generated passwords so they survive shells, URLs and the mongo shell unescaped. */
export const PASSWORD_EXCLUDED = '"@/\\:?#[]%&=+\' `$!;,<>{}|^~()*';

/**
 * DocumentDB (8.0 unless pinned to 5.0) in the isolated subnets: TLS enforced, audit and profiler logs exported to
 * encrypted log groups, storage encrypted with the data key, a snapshot on removal, and a
 * master password that Secrets Manager rotates.
 */
export class DocumentDatabase extends Construct {
  /** The cluster the application uses: the restored one when `restore` is set. */
  public readonly cluster: docdb.DatabaseCluster;
  /** The environment's first cluster; kept as it was when a restore replaces it in service. */
  public readonly originalCluster: docdb.DatabaseCluster;
  /** Master credentials of `cluster`; only the bootstrap and rotation read them. */
  public readonly masterSecret: secretsmanager.ISecret;
  public readonly securityGroup: ec2.SecurityGroup;
  /** Identifier of `cluster`. */
  public readonly clusterName: string;
  /** Identifiers of the instances of `cluster` (the `DBInstanceIdentifier` of their metrics). */
  public readonly instanceIds: readonly string[];
  /** TLS, audit and profiler settings shared by every cluster here. */
  public readonly parameterGroup: docdb.ClusterParameterGroup;

  private readonly props: DocumentDatabaseProps;

  constructor(scope: Construct, id: string, props: DocumentDatabaseProps) {
    super(scope, id);
    this.props = props;

    this.parameterGroup = new docdb.ClusterParameterGroup(this, 'Parameters', {
      family: `docdb${props.engineVersion ?? DEFAULT_DOCDB_ENGINE_VERSION}`,
      description: `Flashcard LMS ${props.envName}: TLS required, audit and profiler on`,
      parameters: {
        tls: 'enabled',
        audit_logs: 'enabled',
        profiler: 'enabled',
        profiler_threshold_ms: String(props.profilerThresholdMs),
        ttl_monitor: 'enabled',
      },
    });

    // Shared by the original and any restored cluster, so the clients' ingress rules reach both.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `DocumentDB ${props.envName}: no ingress until a client security group is allowed`,
      allowAllOutbound: false,
    });

    // Construct ids of the original cluster never change: renaming them would replace the database.
    const originalName = `${props.envName}-flashcard-lms`;
    this.originalCluster = this.buildCluster('', originalName, 'docdb-master');
    this.rotateMaster('MasterRotation', this.originalCluster);

    const restore = props.restore;
    if (restore === undefined) {
      this.cluster = this.originalCluster;
      this.clusterName = originalName;
    } else {
      const n = restore.generation;
      this.clusterName = restoredClusterName(props.envName, n);
      this.cluster = this.buildCluster(`Restored${n}`, this.clusterName, `docdb-master-restored-${n}`);
      this.applyRestore(this.cluster, restore);
      this.rotateMaster(`Restored${n}MasterRotation`, this.cluster);
    }
    this.masterSecret = this.cluster.secret!;
    this.instanceIds = Array.from({ length: props.instances }, (_, i) => `${instanceIdentifierBase(this.clusterName)}${i + 1}`);
  }

  /** Name of the isolated-subnet group of `cluster` (restore tests place restored clusters in it). */
  public get subnetGroupName(): string {
    return (this.cluster.node.findChild('Subnets') as docdb.CfnDBSubnetGroup).ref;
  }

  /** One cluster with its log groups; `prefix` is '' for the original so its construct ids stay as they were. */
  private buildCluster(prefix: string, name: string, secretLeaf: string): docdb.DatabaseCluster {
    const props = this.props;
    // The cluster exports into these; creating them first gives them our key and retention.
    const logGroups = ['audit', 'profiler'].map((kind) =>
      encryptedLogGroup(this, `${prefix}${kind[0].toUpperCase()}${kind.slice(1)}LogGroup`, {
        logGroupName: `/aws/docdb/${name}/${kind}`,
        encryptionKey: props.logsKey,
        retentionDays: props.logRetentionDays,
      }),
    );

    const cluster = new docdb.DatabaseCluster(this, `${prefix}Cluster`, {
      dbClusterName: name,
      port: DOCDB_PORT,
      engineVersion: `${props.engineVersion ?? DEFAULT_DOCDB_ENGINE_VERSION}.0`,
      masterUser: {
        username: MASTER_USERNAME,
        kmsKey: props.dataKey,
        secretName: secretName(props.envName, secretLeaf),
        excludeCharacters: PASSWORD_EXCLUDED,
      },
      instanceType: new ec2.InstanceType(props.instanceClass.replace(/^db\./, '')),
      instances: props.instances,
      instanceIdentifierBase: instanceIdentifierBase(name),
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: SUBNETS.isolated },
      securityGroup: this.securityGroup,
      parameterGroup: this.parameterGroup,
      kmsKey: props.dataKey,
      storageEncrypted: true,
      backup: { retention: Duration.days(props.backupRetentionDays), preferredWindow: props.preferredBackupWindow },
      preferredMaintenanceWindow: props.preferredMaintenanceWindow,
      deletionProtection: props.deletionProtection,
      // A restored cluster that leaves the config is kept, not deleted: it may hold the only good copy.
      removalPolicy: prefix === '' ? RemovalPolicy.SNAPSHOT : RemovalPolicy.RETAIN,
      instanceRemovalPolicy: prefix === '' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      securityGroupRemovalPolicy: RemovalPolicy.RETAIN,
      exportAuditLogsToCloudWatch: true,
      exportProfilerLogsToCloudWatch: true,
      copyTagsToSnapshot: true,
      enablePerformanceInsights: false,
    });
    logGroups.forEach((lg) => cluster.node.addDependency(lg));
    acknowledge(
      cluster,
      'AwsSolutions-DOC2',
      'Port 27017 is what the backend and MongoDB tooling expect; the cluster is reachable only from allowed security groups in isolated subnets.',
    );
    acknowledge(cluster, 'AwsSolutions-DOC3', 'The master credentials come from a Secrets Manager secret through a dynamic reference, which the rule cannot evaluate.');
    for (const event of ['authenticate', 'createIndex', 'dropCollection']) {
      acknowledge(
        cluster,
        `AwsSolutions-DOC5[LogExport::${event}]`,
        `DocumentDB exports only "audit" and "profiler"; audit_logs=enabled in the parameter group records ${event} events in the exported audit log.`,
      );
    }
    return cluster;
  }

  /** The L2 cluster has no restore props: set them on the L1 (the restore APIs take no master username). */
  private applyRestore(cluster: docdb.DatabaseCluster, restore: RestoreConfig): void {
    const cfn = cluster.node.defaultChild as docdb.CfnDBCluster;
    cfn.addPropertyDeletionOverride('MasterUsername');
    if (restore.fromSnapshot !== undefined) {
      cfn.snapshotIdentifier = restore.fromSnapshot;
    } else {
      cfn.sourceDbClusterIdentifier = restore.sourceClusterId;
      cfn.restoreType = restore.restoreType ?? 'full-copy';
      if (restore.pointInTime === 'latest') cfn.useLatestRestorableTime = true;
      else cfn.restoreToTime = restore.pointInTime;
    }
  }

  /**
   * Secrets Manager rotates as soon as the schedule exists (RotateSecret "RotateImmediately":
   * "By default, Secrets Manager rotates the secret immediately"); the rotation logs in through
   * the cluster endpoint, so its schedule waits for the instances and the ingress rule it needs.
   */
  private rotateMaster(id: string, cluster: docdb.DatabaseCluster): void {
    new secretsmanager.SecretRotation(this, id, this.rotationProps(cluster));
    const schedule = cluster.secret!.node.findChild('RotationSchedule');
    cluster.node.children.filter((c) => c instanceof docdb.CfnDBInstance).forEach((instance) => schedule.node.addDependency(instance));
    schedule.node.addDependency(this.securityGroup);
  }

  // Rotation runs in the private subnets: it needs Secrets Manager's API as well as the cluster.
  private rotationProps(cluster: docdb.DatabaseCluster): secretsmanager.SecretRotationProps {
    return {
      application: secretsmanager.SecretRotationApplication.MONGODB_ROTATION_SINGLE_USER,
      secret: cluster.secret!,
      target: cluster,
      vpc: this.props.vpc,
      vpcSubnets: { subnetGroupName: SUBNETS.private },
      automaticallyAfter: Duration.days(this.props.masterPasswordRotationDays),
      excludeCharacters: PASSWORD_EXCLUDED,
    };
  }
}

/** Instances are named `<base>1`, `<base>2`, ...; literal names, so other stacks need no export to watch them. */
function instanceIdentifierBase(clusterName: string): string {
  return `${clusterName}instance`;
}
