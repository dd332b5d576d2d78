import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag';
import { AppFunction } from '../service/app-function';
import { grantDecryptViaSecretsManager } from '../shared/secret-access';
import { allowHttpsOut } from '../shared/cross-stack-ingress';
import { HEALTH_NAMESPACE } from '../../contracts';

/** Checks the health check publishes, as the `Check` dimension of its metrics. */
export const HEALTH_CHECKS = ['api', 'web', 'database', 'cache', 'ecs'] as const;
export type HealthCheckName = (typeof HEALTH_CHECKS)[number] | 'overall';
export { HEALTH_NAMESPACE };

export interface HealthCheckProps {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  readonly ecsClusterName: string;
  readonly ecsServiceNames: readonly string[];
  readonly docdbClusterId: string;
  /** JSON `{username, password, host, port}` of the health check's own read-only DocumentDB user (never the app's or the master's). */
  readonly databaseUser: secretsmanager.ISecret;
  /** The application's Redis URL. */
  readonly redisUrl: secretsmanager.ISecret;
  readonly secretsKey: kms.IKey;
  readonly apiHealthUrl: string;
  readonly webHealthUrl: string;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * The health-check Lambda (the plan's /health/detailed probes, from outside the app): every
 * minute, in the VPC, checks ECS, DocumentDB, Redis and both sites end to end and publishes
 * `Healthy` and `Latency` per check to CloudWatch.
 */
export class HealthCheck extends Construct {
  public readonly function: AppFunction;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: HealthCheckProps) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.envName} health check: outbound to the data tier, AWS APIs and the public sites`,
      allowAllOutbound: false,
    });
    allowHttpsOut(this.securityGroup, 'HTTPS: the public endpoints and AWS APIs');

    this.function = new AppFunction(this, 'Function', {
      source: 'health-check',
      functionName: `${props.envName}-flashcard-lms-health-check`,
      description: 'Checks ECS, DocumentDB, Redis and the public endpoints every minute; publishes FlashcardLMS/Health metrics',
      vpc: props.vpc,
      securityGroup: this.securityGroup,
      // Overall deadline 20 s inside a 45 s budget: a run never overlaps the next minute's.
      timeout: Duration.seconds(45),
      memorySize: 512,
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
      environment: {
        ENV_NAME: props.envName,
        METRIC_NAMESPACE: HEALTH_NAMESPACE,
        CHECK_TIMEOUT_MS: '5000',
        DEADLINE_MS: '20000',
        ECS_CLUSTER: props.ecsClusterName,
        ECS_SERVICES: props.ecsServiceNames.join(','),
        DOCDB_CLUSTER_ID: props.docdbClusterId,
        DATABASE_SECRET_ARN: props.databaseUser.secretArn,
        REDIS_URL_SECRET_ARN: props.redisUrl.secretArn,
        // The runtime's CA bundle holds the Amazon RDS CAs: nothing is downloaded at run time.
        DOCDB_CA_FILE: '/var/runtime/ca-cert.pem',
        NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
        API_HEALTH_URL: props.apiHealthUrl,
        WEB_HEALTH_URL: props.webHealthUrl,
      },
    });

    const role = this.function.role!;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ecs:DescribeServices'],
        resources: props.ecsServiceNames.map((s) => `arn:${partition}:ecs:${region}:${account}:service/${props.ecsClusterName}/${s}`),
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['rds:DescribeDBClusters'],
        resources: [`arn:${partition}:rds:${region}:${account}:cluster:${props.docdbClusterId}`],
      }),
    );
    // Listing instances with a db-cluster-id filter is authorized against db:* (read-only).
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['rds:DescribeDBInstances'], resources: [`arn:${partition}:rds:${region}:${account}:db:*`] }));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': HEALTH_NAMESPACE } },
      }),
    );
    const policy = role.node.tryFindChild('DefaultPolicy')!;
    acknowledge(
      policy,
      `AwsSolutions-IAM5[Resource::arn:${partition}:rds:${region}:${account}:db:*]`,
      'rds:DescribeDBInstances with a db-cluster-id filter is authorized against db:*; the action only reads instance status.',
    );
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', 'cloudwatch:PutMetricData has no resource-level permission; a condition limits it to the FlashcardLMS/Health namespace.');
    props.databaseUser.grantRead(this.function);
    props.redisUrl.grantRead(this.function);
    grantDecryptViaSecretsManager(this.function, props.secretsKey);

    this.schedule = new events.Rule(this, 'Schedule', {
      description: `Runs the ${props.envName} health check every minute`,
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });
  }
}
