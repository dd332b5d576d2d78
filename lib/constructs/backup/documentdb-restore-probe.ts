import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag';
import { AppFunction, AppFunctionProps } from '../service/app-function';
import { AlarmFactory } from '../observability/alarm-factory';
import { encryptedLogGroup } from '../shared/encrypted-log-group';
import { probeDefinition, ProbeSteps } from './documentdb-restore-probe-definition';

/** Temporary instances are named with this prefix (see lambda/restore-validation/documentdb-probe/instance.ts). */
export const PROBE_INSTANCE_PREFIX = 'restore-probe-';
/**
 * AWS Backup tags every resource a restore test creates with this key, and deletes it by the tag
 * ("Restore testing", AWS Backup Developer Guide: "Data deletion").
 */
export const RESTORE_TEST_TAG = 'awsbackup-restore-test';

export interface DocumentDbRestoreProbeProps {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  /** Security group of the endpoint probe; restored clusters accept it on 27017. */
  readonly probeSecurityGroup: ec2.ISecurityGroup;
  /** Subnet group of restored clusters, which their instances join. */
  readonly subnetGroupName: string;
  /** The live cluster, on which no instance may ever be created or deleted by the probe. @default none denied explicitly (the tag condition still applies) */
  readonly protectedClusterArn?: string;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
  /** Failed probes, leftover instances and failed executions. */
  readonly warningTopic: sns.ITopic;
  /** Makes the failed-execution alarm. */
  readonly alarms: AlarmFactory;
  /** Hours AWS Backup keeps the restored cluster; the whole probe must fit in them. */
  readonly validationWindowHours: number;
  /** Class of the temporary instance: the smallest DocumentDB offers. @default 'db.t4g.medium' */
  readonly instanceClass?: string;
  /** Time between two status checks of the instance. @default 1 minute */
  readonly pollInterval?: Duration;
  /** How long the instance may take to become available. @default 45 minutes */
  readonly instanceTimeout?: Duration;
  /** How long the instance may take to be deleted. @default 45 minutes */
  readonly deletionTimeout?: Duration;
}

/** Time the Lambda steps and the reporting may take besides the two wait loops. */
const STEP_MARGIN = Duration.minutes(30);

/**
 * Proves a restored DocumentDB cluster answers: AWS Backup restores the cluster volume only, so
 * a state machine adds a temporary instance, waits until it is available, probes the cluster
 * endpoint over TLS from inside the VPC, deletes the instance (on every path, so AWS Backup can
 * delete the cluster) and reports the result.
 *
 * Step Functions rather than one Lambda: creating and deleting an instance take 10-20 minutes
 * each, beyond Lambda's 15-minute limit, and Wait states cost nothing while they wait.
 */
export class DocumentDbRestoreProbe extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly steps: ProbeSteps;
  /** Failed, timed-out or aborted executions: the result may be unreported or an instance left behind. */
  public readonly executionsFailedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DocumentDbRestoreProbeProps) {
    super(scope, id);
    const { envName } = props;
    const pollInterval = props.pollInterval ?? Duration.minutes(1);
    const instanceTimeout = props.instanceTimeout ?? Duration.minutes(45);
    const deletionTimeout = props.deletionTimeout ?? Duration.minutes(45);
    const timeout = Duration.minutes(instanceTimeout.toMinutes() + deletionTimeout.toMinutes() + STEP_MARGIN.toMinutes());
    const problems: string[] = [];
    if (timeout.toMinutes() > props.validationWindowHours * 60) {
      problems.push(
        `validationWindowHours is ${props.validationWindowHours}: the probe may take ${timeout.toMinutes()} minutes, so the window must be at least ${Math.ceil(timeout.toMinutes() / 60)} hours`,
      );
    }
    for (const [name, value] of [
      ['instanceTimeout', instanceTimeout],
      ['deletionTimeout', deletionTimeout],
    ] as const) {
      if (value.toSeconds() < pollInterval.toSeconds()) problems.push(`${name} (${value.toHumanString()}) must be at least pollInterval (${pollInterval.toHumanString()})`);
    }
    if (problems.length > 0) throw new Error(`DocumentDbRestoreProbe ${envName}:\n - ${problems.join('\n - ')}`);

    const { partition, region, account } = Stack.of(this);
    const rdsArn = (resource: string) => `arn:${partition}:rds:${region}:${account}:${resource}`;
    // Restored cluster ids are picked by AWS Backup at restore time; the instances are ours, named by prefix.
    const anyCluster = rdsArn('cluster:*');
    const probeInstances = rdsArn(`db:${PROBE_INSTANCE_PREFIX}*`);
    const common = { logsKey: props.logsKey, logRetentionDays: props.logRetentionDays, timeout: Duration.seconds(30) };
    const fn = (stepId: string, handler: string, description: string, extra: Partial<AppFunctionProps> = {}) =>
      new AppFunction(this, stepId, {
        ...common,
        source: 'restore-validation/documentdb-probe',
        handler,
        functionName: `${envName}-restore-probe-${handler.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
        description: `Restore test of ${envName} DocumentDB: ${description}`,
        ...extra,
      });

    const prepare = fn('PrepareFunction', 'prepare', 'checks the restored cluster and adds the temporary instance', {
      environment: { ENV_NAME: envName, INSTANCE_CLASS: props.instanceClass ?? 'db.t4g.medium' },
    });
    prepare.addToRolePolicy(new iam.PolicyStatement({ sid: 'DescribeRestoredClusters', actions: ['rds:DescribeDBClusters'], resources: [anyCluster] }));
    prepare.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'AddProbeInstance',
        actions: ['rds:CreateDBInstance'],
        resources: [probeInstances, rdsArn(`subgrp:${props.subnetGroupName}`)],
      }),
    );
    // CreateDBInstance also authorizes the cluster the instance joins (Service Authorization
    // Reference, Amazon RDS); only clusters AWS Backup restored for a test carry the tag.
    prepare.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'AddProbeInstanceToRestoredClustersOnly',
        actions: ['rds:CreateDBInstance'],
        resources: [anyCluster],
        conditions: { Null: { [`rds:cluster-tag/${RESTORE_TEST_TAG}`]: 'false' } },
      }),
    );
    if (props.protectedClusterArn !== undefined) {
      prepare.addToRolePolicy(
        new iam.PolicyStatement({ sid: 'NeverOnTheLiveCluster', effect: iam.Effect.DENY, actions: ['rds:CreateDBInstance'], resources: [props.protectedClusterArn] }),
      );
    }
    prepare.addToRolePolicy(new iam.PolicyStatement({ sid: 'TagProbeInstance', actions: ['rds:AddTagsToResource'], resources: [probeInstances] }));

    const instanceStatus = fn('InstanceStatusFunction', 'instanceStatus', 'reads the status of the temporary instance');
    instanceStatus.addToRolePolicy(new iam.PolicyStatement({ sid: 'DescribeProbeInstances', actions: ['rds:DescribeDBInstances'], resources: [probeInstances] }));

    const probeEndpoint = fn('ProbeEndpointFunction', 'probeEndpoint', 'probes the cluster endpoint over TLS from the VPC', {
      vpc: props.vpc,
      securityGroup: props.probeSecurityGroup,
      environment: { CONNECT_TIMEOUT_MS: '5000', CA_FILE: '/var/runtime/ca-cert.pem' },
    });
    probeEndpoint.addToRolePolicy(new iam.PolicyStatement({ sid: 'DescribeRestoredClusters', actions: ['rds:DescribeDBClusters'], resources: [anyCluster] }));

    const cleanup = fn('CleanupFunction', 'cleanup', 'deletes the temporary instance');
    cleanup.addToRolePolicy(new iam.PolicyStatement({ sid: 'DeleteProbeInstances', actions: ['rds:DescribeDBInstances', 'rds:DeleteDBInstance'], resources: [probeInstances] }));

    const report = fn('ReportFunction', 'report', 'reports the result to AWS Backup and failures to the warning topic', {
      environment: {
        ENV_NAME: envName,
        WARNING_TOPIC_ARN: props.warningTopic.topicArn,
        INSTANCE_TIMEOUT_MINUTES: String(instanceTimeout.toMinutes()),
        DELETION_TIMEOUT_MINUTES: String(deletionTimeout.toMinutes()),
      },
    });
    // PutRestoreValidationResult has no resource-level permissions.
    report.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReportRestoreValidation', actions: ['backup:PutRestoreValidationResult'], resources: ['*'] }));
    props.warningTopic.grantPublish(report);

    this.steps = { prepare, instanceStatus, probeEndpoint, cleanup, report };
    for (const [f, findings, reason] of [
      [
        prepare,
        [anyCluster, probeInstances],
        'Restored clusters get ids AWS Backup picks at restore time (scoped to this account and region); the temporary instances are named by prefix.',
      ],
      [instanceStatus, [probeInstances], 'Temporary instances are named by prefix from the restored cluster id.'],
      [probeEndpoint, [anyCluster], 'Restored clusters get ids AWS Backup picks at restore time, so reads are scoped to this account and region.'],
      [cleanup, [probeInstances], 'Temporary instances are named by prefix from the restored cluster id; nothing else uses the prefix.'],
    ] as const) {
      for (const arn of findings) acknowledge(f, `AwsSolutions-IAM5[Resource::${arn}]`, reason);
    }
    acknowledge(report, 'AwsSolutions-IAM5[Resource::*]', 'backup:PutRestoreValidationResult has no resource-level permissions.');
    acknowledge(
      report,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'Publishing to the encrypted warning topic needs data keys of its key; the statement is scoped to that key.',
    );

    const logGroup = encryptedLogGroup(this, 'LogGroup', {
      // Step Functions delivers logs as vended logs; this prefix keeps the account's log resource policy small.
      logGroupName: `/aws/vendedlogs/states/${envName}-flashcard-lms-restore-probe`,
      encryptionKey: props.logsKey,
      retentionDays: props.logRetentionDays,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `${envName}-flashcard-lms-restore-probe`,
      comment: `Restore test of ${envName} DocumentDB: add an instance, probe the endpoint, delete the instance, report`,
      definitionBody: sfn.DefinitionBody.fromChainable(
        probeDefinition(this, this.steps, {
          pollInterval,
          maxInstancePolls: Math.ceil(instanceTimeout.toSeconds() / pollInterval.toSeconds()),
          maxDeletionPolls: Math.ceil(deletionTimeout.toSeconds() / pollInterval.toSeconds()),
        }),
      ),
      // A backstop only: the wait loops are bounded by their poll counts, which end well before it.
      timeout,
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    acknowledge(this.stateMachine, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray trace segments and CloudWatch Logs log deliveries have no resource-level permissions.');
    for (const f of Object.values(this.steps as unknown as Record<string, lambda.IFunction>)) {
      acknowledge(
        this.stateMachine,
        `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(f.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
        'Invoking a step Lambda by any of its versions; the statement is scoped to the probe functions.',
      );
    }

    const failures = new cloudwatch.MathExpression({
      expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
      usingMetrics: { failed: this.stateMachine.metricFailed(), timedOut: this.stateMachine.metricTimedOut(), aborted: this.stateMachine.metricAborted() },
      period: Duration.minutes(5),
      label: 'Failed, timed-out and aborted executions',
    });
    this.executionsFailedAlarm = props.alarms.alarm({
      name: 'backup-restore-probe-failed',
      runbook: 'backup-restore-probe-failed',
      severity: 'warning',
      metric: failures,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      what: `An execution of the DocumentDB restore probe of ${envName} failed, timed out or was aborted.`,
      impact: 'The restore test may have no verdict, and a temporary instance may be left in the restored cluster, which AWS Backup then cannot delete (it keeps costing money).',
      checks: [
        `the failed execution of ${envName}-flashcard-lms-restore-probe in the Step Functions console and its log group`,
        `DocumentDB instances named ${PROBE_INSTANCE_PREFIX}*: delete them, then the restored cluster`,
        'the restore job in AWS Backup (Jobs > Restore jobs)',
      ],
    });
  }
}
