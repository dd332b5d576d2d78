import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { encryptedLogGroup } from './encrypted-log-group';
import { SUBNETS } from './network';

export interface DocumentDatabaseProps {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  readonly instanceClass: string;
  readonly instances: number;
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
}

/** Username of the master user; the application never uses it. */
export const MASTER_USERNAME = 'lmsadmin';
export const DOCDB_PORT = 27017;

/** Kept out of generated passwords so they survive shells, URLs and the mongo shell unescaped. */
const PASSWORD_EXCLUDED = '"@/\\:?#[]%&=+\' `$!;,<>{}|^~()*';

/**
 * DocumentDB 5.0 in the isolated subnets: TLS enforced, audit and profiler logs exported to
 * encrypted log groups, storage encrypted with the data key, a snapshot on removal, and a
 * master password that Secrets Manager rotates.
 */
export class DocumentDatabase extends Construct {
  public readonly cluster: docdb.DatabaseCluster;
  /** Master credentials; only the bootstrap and rotation read them. */
  public readonly masterSecret: secretsmanager.ISecret;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly clusterName: string;

  constructor(scope: Construct, id: string, props: DocumentDatabaseProps) {
    super(scope, id);
    this.clusterName = `${props.envName}-flashcard-lms`;

    const parameterGroup = new docdb.ClusterParameterGroup(this, 'Parameters', {
      family: 'docdb5.0',
      description: `Flashcard LMS ${props.envName}: TLS required, audit and profiler on`,
      parameters: {
        tls: 'enabled',
        audit_logs: 'enabled',
        profiler: 'enabled',
        profiler_threshold_ms: String(props.profilerThresholdMs),
        ttl_monitor: 'enabled',
      },
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `DocumentDB ${props.envName}: no ingress until a client security group is allowed`,
      allowAllOutbound: false,
    });

    // The cluster exports into these; creating them first gives them our key and retention.
    const logGroups = ['audit', 'profiler'].map((kind) =>
      encryptedLogGroup(this, `${kind[0].toUpperCase()}${kind.slice(1)}LogGroup`, {
        logGroupName: `/aws/docdb/${this.clusterName}/${kind}`,
        encryptionKey: props.logsKey,
        retentionDays: props.logRetentionDays,
      }),
    );

    this.cluster = new docdb.DatabaseCluster(this, 'Cluster', {
      dbClusterName: this.clusterName,
      port: DOCDB_PORT,
      engineVersion: '5.0.0',
      masterUser: {
        username: MASTER_USERNAME,
        kmsKey: props.dataKey,
        secretName: `flashcard-lms/${props.envName}/docdb-master`,
        excludeCharacters: PASSWORD_EXCLUDED,
      },
      instanceType: new ec2.InstanceType(props.instanceClass.replace(/^db\./, '')),
      instances: props.instances,
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: SUBNETS.isolated },
      securityGroup: this.securityGroup,
      parameterGroup,
      kmsKey: props.dataKey,
      storageEncrypted: true,
      backup: { retention: Duration.days(props.backupRetentionDays), preferredWindow: props.preferredBackupWindow },
      preferredMaintenanceWindow: props.preferredMaintenanceWindow,
      deletionProtection: props.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      instanceRemovalPolicy: RemovalPolicy.DESTROY,
      securityGroupRemovalPolicy: RemovalPolicy.RETAIN,
      exportAuditLogsToCloudWatch: true,
      exportProfilerLogsToCloudWatch: true,
      copyTagsToSnapshot: true,
      enablePerformanceInsights: false,
    });
    logGroups.forEach((lg) => this.cluster.node.addDependency(lg));
    this.masterSecret = this.cluster.secret!;
    acknowledge(this.cluster, 'AwsSolutions-DOC2', 'Port 27017 is what the backend and MongoDB tooling expect; the cluster is reachable only from allowed security groups in isolated subnets.');
    acknowledge(this.cluster, 'AwsSolutions-DOC3', 'The master credentials come from a Secrets Manager secret through a dynamic reference, which the rule cannot evaluate.');
    for (const event of ['authenticate', 'createIndex', 'dropCollection']) {
      acknowledge(
        this.cluster,
        `AwsSolutions-DOC5[LogExport::${event}]`,
        `DocumentDB exports only "audit" and "profiler"; audit_logs=enabled in the parameter group records ${event} events in the exported audit log.`,
      );
    }

    // Rotation runs in the private subnets: it needs Secrets Manager's API as well as the cluster.
    new secretsmanager.SecretRotation(this, 'MasterRotation', {
      application: secretsmanager.SecretRotationApplication.MONGODB_ROTATION_SINGLE_USER,
      secret: this.masterSecret,
      target: this.cluster,
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: SUBNETS.private },
      automaticallyAfter: Duration.days(props.masterPasswordRotationDays),
      excludeCharacters: PASSWORD_EXCLUDED,
    });
  }
}
