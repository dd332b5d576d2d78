import { Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RestoreTestingConfig } from '../../config';
import { acknowledge, managedPolicyFinding } from '../../nag';
import { AppFunction } from '../service/app-function';
import { DOCDB_PORT } from '../data/document-database';
import { AlarmFactory } from '../observability/alarm-factory';
import { DocumentDbRestoreProbe } from './documentdb-restore-probe';

export interface RestoreTestingProps extends RestoreTestingConfig {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  /** Vault whose latest recovery points are restored. */
  readonly vault: backup.IBackupVault;
  /** ARN of the protected DocumentDB cluster (`arn:aws:rds:<region>:<account>:cluster:<id>`). */
  readonly documentDbClusterArn: string;
  /** Subnet group and parameter group the restored cluster uses (isolated subnets, TLS on). */
  readonly documentDbSubnetGroupName: string;
  readonly documentDbParameterGroupName: string;
  readonly fileSystemArn: string;
  /** Key the restored resources are encrypted with. */
  readonly dataKey: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
  /** Failed validations and validator errors. */
  readonly warningTopic: sns.ITopic;
  /** Makes the validator and probe alarms. */
  readonly alarms: AlarmFactory;
}

/**
 * An AWS Backup restore testing plan that restores the latest DocumentDB and EFS recovery points
 * on a schedule, and a Lambda that validates what was restored and reports the result, after
 * which AWS Backup deletes the restored resources (at the latest when the validation window ends).
 * A restored DocumentDB cluster has no instance, so the Lambda hands it to a state machine that
 * adds one, probes the endpoint and removes the instance again before reporting.
 */
export class RestoreTesting extends Construct {
  public readonly plan: backup.CfnRestoreTestingPlan;
  public readonly documentDbSelection: backup.CfnRestoreTestingSelection;
  public readonly fileSystemSelection: backup.CfnRestoreTestingSelection;
  public readonly validator: AppFunction;
  /** Adds an instance to a restored DocumentDB cluster, probes its endpoint, deletes the instance and reports. */
  public readonly documentDbProbe: DocumentDbRestoreProbe;
  /** Security group of restored clusters: reachable from the validator only. */
  public readonly restoredSecurityGroup: ec2.SecurityGroup;
  public readonly role: iam.Role;
  public readonly validatorErrorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    const { envName } = props;
    // Restore testing names allow letters, digits and underscores only.
    const planName = `flashcard_lms_${envName.replace(/-/g, '_')}`;

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `AWS Backup ${envName}: restores recovery points for restore tests`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores')],
    });
    acknowledge(
      this.role,
      managedPolicyFinding('AWSBackupServiceRolePolicyForRestores'),
      'AWSBackupServiceRolePolicyForRestores is the AWS-maintained policy for restore jobs of every resource type AWS Backup supports.',
    );
    props.dataKey.grant(this.role, 'kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*', 'kms:ReEncrypt*');
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      acknowledge(this.role, `AwsSolutions-IAM5[Action::${action}]`, 'Restoring re-encrypts DocumentDB and EFS data with the data key; the statement is scoped to that one key.');
    }

    this.plan = new backup.CfnRestoreTestingPlan(this, 'Plan', {
      restoreTestingPlanName: planName,
      scheduleExpression: props.scheduleExpression,
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowHours: props.startWindowHours,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [props.vault.backupVaultArn],
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: props.selectionWindowDays,
      },
    });

    const validatorSecurityGroup = new ec2.SecurityGroup(this, 'ValidatorSecurityGroup', {
      vpc: props.vpc,
      description: `Restore validation ${envName}: AWS APIs over HTTPS and restored clusters on ${DOCDB_PORT}`,
      allowAllOutbound: false,
    });
    validatorSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs through NAT or endpoints');
    this.restoredSecurityGroup = new ec2.SecurityGroup(this, 'RestoredSecurityGroup', {
      vpc: props.vpc,
      description: `Restore tests ${envName}: restored clusters, reachable from the validator only`,
      allowAllOutbound: false,
    });
    this.restoredSecurityGroup.addIngressRule(validatorSecurityGroup, ec2.Port.tcp(DOCDB_PORT), 'Restore validator probe');
    validatorSecurityGroup.addEgressRule(this.restoredSecurityGroup, ec2.Port.tcp(DOCDB_PORT), 'Probe restored clusters');

    // Keys are case-insensitive; only overridable keys are set. Inferred: a random cluster id, a new encrypted file system.
    const common = { iamRoleArn: this.role.roleArn, restoreTestingPlanName: planName, validationWindowHours: props.validationWindowHours };
    this.documentDbSelection = new backup.CfnRestoreTestingSelection(this, 'DocumentDbSelection', {
      ...common,
      restoreTestingSelectionName: 'documentdb',
      protectedResourceType: 'DocumentDB',
      protectedResourceArns: [props.documentDbClusterArn],
      restoreMetadataOverrides: {
        dbSubnetGroupName: props.documentDbSubnetGroupName,
        dbClusterParameterGroupName: props.documentDbParameterGroupName,
        vpcSecurityGroupIds: Stack.of(this).toJsonString([this.restoredSecurityGroup.securityGroupId]),
        kmsKeyId: props.dataKey.keyArn,
      },
    });
    this.fileSystemSelection = new backup.CfnRestoreTestingSelection(this, 'FileSystemSelection', {
      ...common,
      restoreTestingSelectionName: 'uploads_efs',
      protectedResourceType: 'EFS',
      protectedResourceArns: [props.fileSystemArn],
      restoreMetadataOverrides: { kmsKeyId: props.dataKey.keyArn },
    });
    // A selection names its plan, which must exist first.
    this.documentDbSelection.addResourceDependency(this.plan);
    this.fileSystemSelection.addResourceDependency(this.plan);

    this.documentDbProbe = new DocumentDbRestoreProbe(this, 'DocumentDbProbe', {
      envName,
      vpc: props.vpc,
      probeSecurityGroup: validatorSecurityGroup,
      subnetGroupName: props.documentDbSubnetGroupName,
      protectedClusterArn: props.documentDbClusterArn,
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
      warningTopic: props.warningTopic,
      alarms: props.alarms,
      validationWindowHours: props.validationWindowHours,
    });

    this.validator = new AppFunction(this, 'Validator', {
      source: 'restore-validation',
      functionName: `${envName}-flashcard-lms-restore-validation`,
      description: `Validates ${envName} restore tests and reports the result to AWS Backup`,
      timeout: Duration.minutes(1),
      vpc: props.vpc,
      securityGroup: validatorSecurityGroup,
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
      environment: {
        ENV_NAME: envName,
        WARNING_TOPIC_ARN: props.warningTopic.topicArn,
        RESTORE_TESTING_PLAN_ARN: this.plan.attrRestoreTestingPlanArn,
        DOCUMENTDB_PROBE_STATE_MACHINE_ARN: this.documentDbProbe.stateMachine.stateMachineArn,
        MIN_FILE_SYSTEM_BYTES: '1',
      },
    });
    props.warningTopic.grantPublish(this.validator);
    this.documentDbProbe.stateMachine.grantStartExecution(this.validator);
    const { partition, region, account } = Stack.of(this);
    const describable = [`arn:${partition}:elasticfilesystem:${region}:${account}:file-system/*`];
    this.validator.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadAndReportRestoreJobs',
        actions: ['backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult'],
        resources: ['*'],
      }),
    );
    this.validator.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'DescribeRestoredResources',
        actions: ['elasticfilesystem:DescribeFileSystems'],
        resources: describable,
      }),
    );
    const wildcards = ['Resource::*', ...describable.map((arn) => `Resource::${arn}`), 'Action::kms:GenerateDataKey*'];
    for (const finding of wildcards) {
      acknowledge(
        this.validator,
        `AwsSolutions-IAM5[${finding}]`,
        'Restored resources get ids AWS Backup picks at restore time and restore jobs have no resource-level permissions, so reads are scoped to this account and region; the KMS action is what publishing to the encrypted warning topic needs.',
      );
    }

    new events.Rule(this, 'RestoreCompleted', {
      ruleName: `${envName}-flashcard-lms-restore-test-completed`,
      description: `Completed restore jobs of ${envName} -> restore validation (non-test jobs are skipped)`,
      eventPattern: { source: ['aws.backup'], detailType: ['Restore Job State Change'], detail: { status: ['COMPLETED'] } },
      targets: [new targets.LambdaFunction(this.validator, { retryAttempts: 2 })],
    });

    this.validatorErrorsAlarm = props.alarms.alarm({
      name: 'backup-restore-validator-errors',
      runbook: 'backup-restore-validator-errors',
      severity: 'warning',
      metric: this.validator.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      what: `The restore-validation Lambda of ${envName} failed (it could not read the restore job, report its result or notify).`,
      impact: 'A restore test ends without a verdict; the restored resources stay until the validation window ends.',
      checks: [
        'the Lambda log group for the error',
        'its IAM permissions (backup:PutRestoreValidationResult, states:StartExecution, elasticfilesystem:DescribeFileSystems)',
        'the NAT gateways or endpoints of the private subnets it runs in',
      ],
    });
  }
}
