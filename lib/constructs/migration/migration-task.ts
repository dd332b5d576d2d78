import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { encryptedLogGroup } from '../shared/encrypted-log-group';
import { hardenedTask } from '../shared/hardened-task';
import { allowHttpsOut } from '../shared/cross-stack-ingress';

export interface MigrationTaskProps {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  /** Name of the cluster the tasks run in. */
  readonly clusterName: string;
  /** The backend's image, at the tag being deployed. */
  readonly image: ecs.ContainerImage;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly cpuArchitecture: ecs.CpuArchitecture;
  /** uid[:gid] of the backend image's non-root user. */
  readonly user: string;
  /** The backend's environment (`backendEnvironment`). */
  readonly environment: Record<string, string>;
  /** The secrets the migration reads (`migrationSecrets`): its execution role may read these and no other. */
  readonly secrets: Record<string, ecs.Secret>;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * The migration reads and writes the database, nothing else: only DATABASE_URL, as the seed's
 * migrate workflow passes it (no Redis URL, JWT key or Sentry DSN).
 */
export function migrationSecrets(databaseUrl: secretsmanager.ISecret): Record<string, ecs.Secret> {
  return { DATABASE_URL: ecs.Secret.fromSecretsManager(databaseUrl) };
}

/** Container of the migration task definition; the Lambda overrides its command per step. */
export const MIGRATION_CONTAINER = 'migration';
/** awslogs stream prefix: streams are `migration/migration/<task id>`. */
export const MIGRATION_STREAM_PREFIX = 'migration';

/**
 * The backend image as a one-off Fargate task: the same image and settings as the backend
 * service, with only the database URL of its secrets, hardened the same way (non-root, read-only root file system), with its own
 * log group and a security group that reaches the data tier. It has no health check, port or
 * uploads volume: it runs one command and exits.
 *
 * The tasks run in a cluster of their own: the services' cluster is created after the first
 * migration (the services deploy after it), and a separate cluster keeps one-off tasks out of
 * the services' capacity and metrics.
 */
export class MigrationTask extends Construct {
  public readonly cluster: ecs.Cluster;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly container: ecs.ContainerDefinition;
  public readonly logGroup: logs.LogGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  /** `<env>-backend-migration`; RunTask is allowed on this family only. */
  public readonly family: string;

  constructor(scope: Construct, id: string, props: MigrationTaskProps) {
    super(scope, id);
    this.family = `${props.envName}-backend-migration`;
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName: `/flashcard-lms/${props.envName}/backend-migration`,
      encryptionKey: props.logsKey,
      retentionDays: props.logRetentionDays,
    });

    ({ taskDefinition: this.taskDefinition, container: this.container } = hardenedTask(this, {
      family: this.family,
      cpu: props.cpu,
      memoryMiB: props.memoryMiB,
      cpuArchitecture: props.cpuArchitecture,
      user: props.user,
      scratchPaths: ['/tmp'],
      container: {
        containerName: MIGRATION_CONTAINER,
        image: props.image,
        environment: props.environment,
        secrets: props.secrets,
        // Blocking: the last lines before a failing exit are the ones the notification links to.
        logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: MIGRATION_STREAM_PREFIX, mode: ecs.AwsLogDriverMode.BLOCKING }),
      },
    }));

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${this.family} tasks: no ingress; egress to the data tier, ECR and AWS APIs`,
      allowAllOutbound: false,
    });
    allowHttpsOut(this.securityGroup, 'HTTPS: image pulls, logs, secrets and AWS APIs');
  }
}
