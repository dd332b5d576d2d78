import { AlarmFactory } from '../../../lib/constructs/observability/alarm-factory';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PRODUCTION } from '../../../lib/config/environments';
import { DocumentDbRestoreProbe } from '../../../lib/constructs/backup/documentdb-restore-probe';
import { synthEnvironment, SynthesizedEnvironment } from '../../helpers/app';
import { nagErrors } from '../../helpers/nag';

// GIVEN production synthesized once with cdk-nag (no Lambda bundling).
let env: SynthesizedEnvironment;
let t: Template;
/** The state machine definition, with the Lambda ARNs replaced by their logical ids. */
let definition: { StartAt: string; TimeoutSeconds: number; States: Record<string, any> };

beforeAll(() => {
  env = synthEnvironment(PRODUCTION);
  t = env.template('Backup');
  const [machine] = Object.values(t.findResources('AWS::StepFunctions::StateMachine'));
  const parts: unknown[] = machine.Properties.DefinitionString['Fn::Join'][1];
  definition = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : `<${(p as any)['Fn::GetAtt'][0]}>`)).join(''));
});

const state = (name: string) => definition.States[name];
/** The protected cluster of the DocumentDB restore-testing selection, as the template names it. */
const liveClusterArn = () =>
  Object.values<any>(t.findResources('AWS::Backup::RestoreTestingSelection', { Properties: { ProtectedResourceType: 'DocumentDB' } }))[0].Properties.ProtectedResourceArns[0];
const fnOf = (name: string) => String(state(name).Resource).match(/^<RestoreTestingDocumentDbProbe(\w+?)Function/)![1];

describe('DocumentDB restore probe state machine', () => {
  test('adds an instance, waits for it, probes, deletes it, then reports', () => {
    expect(definition.StartAt).toBe('Start');
    expect(state('Start').Next).toBe('AddInstance');
    expect(fnOf('AddInstance')).toBe('Prepare');
    expect(state('AddInstance').Next).toBe('InstanceAdded');
    expect(state('InstanceAdded')).toMatchObject({ Choices: [{ Variable: '$.prepared.created', BooleanEquals: true, Next: 'WaitForInstance' }], Default: 'DeleteInstance' });
    expect(state('WaitForInstance')).toEqual({ Type: 'Wait', Seconds: 60, Next: 'CheckInstance' });
    expect(fnOf('CheckInstance')).toBe('InstanceStatus');
    expect(state('CheckInstance').Next).toBe('CountInstancePoll');
    expect(state('CountInstancePoll').Next).toBe('InstanceAvailable');
    expect(state('InstanceAvailable').Choices[0]).toEqual({ Variable: '$.instance.phase', StringEquals: 'available', Next: 'ProbeEndpoint' });
    expect(fnOf('ProbeEndpoint')).toBe('ProbeEndpoint');
    expect(state('ProbeEndpoint').Next).toBe('DeleteInstance');
    expect(fnOf('DeleteInstance')).toBe('Cleanup');
    expect(state('DeleteInstance').Next).toBe('InstanceDeleted');
    expect(state('InstanceDeleted').Choices[0]).toEqual({ Variable: '$.cleanup.phase', StringEquals: 'gone', Next: 'Report' });
    expect(fnOf('Report')).toBe('Report');
    expect(state('Report').Next).toBe('Done');
    // The report reads the whole state.
    expect(state('Report').Parameters).toBeUndefined();
  });

  test('every failure before the report is caught into its own field and still deletes the instance', () => {
    for (const [name, field] of [
      ['AddInstance', '$.prepareError'],
      ['CheckInstance', '$.instanceError'],
      ['ProbeEndpoint', '$.endpointError'],
    ]) {
      expect(state(name).Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: field, Next: 'DeleteInstance' }]);
    }
    expect(state('InstanceAvailable').Default).toBe('DeleteInstance');
    // Deleting is retried on any error, then reported as a leftover.
    expect(state('DeleteInstance').Retry).toContainEqual({ ErrorEquals: ['States.ALL'], IntervalSeconds: 20, MaxAttempts: 3, BackoffRate: 2 });
    expect(state('DeleteInstance').Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.cleanupError', Next: 'Report' }]);
    // Only the deletion loop and the report lead to the report.
    const intoReport = Object.entries(definition.States).filter(
      ([, s]) => s.Next === 'Report' || s.Default === 'Report' || JSON.stringify(s.Choices ?? s.Catch ?? []).includes('"Next":"Report"'),
    );
    expect(intoReport.map(([n]) => n).sort()).toEqual(['DeleteInstance', 'InstanceDeleted']);
  });

  test('both wait loops are bounded by a poll count, and the execution by a backstop timeout', () => {
    expect(state('Start').Parameters).toMatchObject({ instancePolls: { count: 0 }, deletionPolls: { count: 0 } });
    expect(state('CountInstancePoll').Parameters).toEqual({ 'count.$': 'States.MathAdd($.instancePolls.count, 1)' });
    expect(state('InstanceAvailable').Choices[1]).toEqual({
      And: [
        { Variable: '$.instance.phase', StringEquals: 'pending' },
        { Variable: '$.instancePolls.count', NumericLessThan: 45 },
      ],
      Next: 'WaitForInstance',
    });
    expect(state('InstanceDeleted').Choices[1]).toEqual({ Variable: '$.deletionPolls.count', NumericLessThan: 45, Next: 'CountDeletionPoll' });
    expect(state('InstanceDeleted').Default).toBe('Report');
    expect(state('CountDeletionPoll').Next).toBe('WaitForDeletion');
    expect(state('WaitForDeletion')).toEqual({ Type: 'Wait', Seconds: 60, Next: 'DeleteInstance' });
    for (const task of ['AddInstance', 'CheckInstance', 'ProbeEndpoint', 'DeleteInstance', 'Report']) expect(state(task).TimeoutSeconds).toBe(120);
    // 45 + 45 minutes of polls plus 30 minutes for the steps, within the 6-hour validation window.
    expect(definition.TimeoutSeconds).toBe(7200);
  });

  test('logs everything to an encrypted, retained log group, with X-Ray tracing', () => {
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'production-flashcard-lms-restore-probe',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DocumentDbProbeLogGroup'), 'Arn'] } } }],
      },
    });
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/aws/vendedlogs/states/production-flashcard-lms-restore-probe', KmsKeyId: Match.anyValue(), RetentionInDays: Match.anyValue() },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
  });

  test('failed, timed-out and aborted executions alarm the warning topic', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'production-backup-restore-probe-failed',
      Threshold: 1,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)' })]),
      AlarmActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('Warning') }],
    });
  });
});

describe('DocumentDB restore probe functions and permissions', () => {
  const policyOf = (fn: string) => {
    const [policy] = Object.entries(t.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith(`RestoreTestingDocumentDbProbe${fn}FunctionServiceRoleDefaultPolicy`));
    return policy[1].Properties.PolicyDocument.Statement;
  };
  const rds = (resource: string) => `arn:aws:rds:eu-west-1:222222222222:${resource}`;

  test('the temporary instance is the smallest class, tagged by the function that creates it', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'production-restore-probe-prepare',
      Handler: 'index.prepare',
      Runtime: 'nodejs24.x',
      Environment: { Variables: Match.objectLike({ ENV_NAME: 'production', INSTANCE_CLASS: 'db.t4g.medium' }) },
    });
  });

  test('only the endpoint probe runs in the VPC, with the security group restored clusters admit', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'production-restore-probe-probe-endpoint',
      Environment: { Variables: Match.objectLike({ CA_FILE: '/var/runtime/ca-cert.pem', CONNECT_TIMEOUT_MS: '5000' }) },
      VpcConfig: Match.objectLike({ SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ValidatorSecurityGroup'), 'GroupId'] }] }),
    });
    for (const name of ['prepare', 'instance-status', 'cleanup', 'report']) {
      t.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `production-restore-probe-${name}`, VpcConfig: Match.absent() });
    }
  });

  test('instances can be created, read and deleted only under the restore-probe- prefix', () => {
    expect(policyOf('Prepare')).toEqual([
      { Sid: 'DescribeRestoredClusters', Effect: 'Allow', Action: 'rds:DescribeDBClusters', Resource: rds('cluster:*') },
      // The instance joins the restored cluster's subnet group, named from the data stack.
      {
        Sid: 'AddProbeInstance',
        Effect: 'Allow',
        Action: 'rds:CreateDBInstance',
        Resource: [rds('db:restore-probe-*'), { 'Fn::Join': ['', [rds('subgrp:'), expect.anything()]] }],
      },
      // The cluster the instance joins must carry the tag AWS Backup puts on restore-test resources.
      {
        Sid: 'AddProbeInstanceToRestoredClustersOnly',
        Effect: 'Allow',
        Action: 'rds:CreateDBInstance',
        Resource: rds('cluster:*'),
        Condition: { Null: { 'rds:cluster-tag/awsbackup-restore-test': 'false' } },
      },
      // And never the live one, whatever its tags.
      { Sid: 'NeverOnTheLiveCluster', Effect: 'Deny', Action: 'rds:CreateDBInstance', Resource: liveClusterArn() },
      { Sid: 'TagProbeInstance', Effect: 'Allow', Action: 'rds:AddTagsToResource', Resource: rds('db:restore-probe-*') },
    ]);
    // No other statement of the stage lets anything create a DocumentDB instance on a cluster.
    for (const id of ['Data', 'Migration', 'Services', 'Monitoring', 'Backup']) {
      const statements = Object.values<any>(env.template(id).findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
      const creators = statements.filter((x) => x.Effect === 'Allow' && [x.Action].flat().some((a: string) => /^rds:(CreateDBInstance|\*)$/.test(a)));
      expect(creators.map((x) => x.Sid).sort()).toEqual(id === 'Backup' ? ['AddProbeInstance', 'AddProbeInstanceToRestoredClustersOnly'] : []);
    }
    expect(policyOf('InstanceStatus')).toEqual([expect.objectContaining({ Action: 'rds:DescribeDBInstances', Resource: rds('db:restore-probe-*') })]);
    expect(policyOf('Cleanup')).toEqual([expect.objectContaining({ Action: ['rds:DeleteDBInstance', 'rds:DescribeDBInstances'], Resource: rds('db:restore-probe-*') })]);
    expect(policyOf('ProbeEndpoint')).toEqual([expect.objectContaining({ Action: 'rds:DescribeDBClusters', Resource: rds('cluster:*') })]);
    const report = policyOf('Report');
    expect(report).toContainEqual(expect.objectContaining({ Action: 'backup:PutRestoreValidationResult', Resource: '*' }));
    expect(report).toContainEqual(expect.objectContaining({ Action: 'sns:Publish' }));
    // No function but the cleanup may delete, none may modify.
    const all = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(all.match(/rds:DeleteDBInstance/g)).toHaveLength(1);
    expect(all).not.toMatch(/rds:ModifyDB|rds:DeleteDBCluster|rds:\*/);
  });

  test('the validator starts the state machine and no longer reads DocumentDB', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DOCUMENTDB_PROBE_STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('DocumentDbProbeStateMachine') } }) },
    });
    const [validator] = Object.entries(t.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('RestoreTestingValidatorServiceRoleDefaultPolicy'));
    const statements = validator[1].Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: expect.stringMatching(/DocumentDbProbeStateMachine/) } });
    expect(JSON.stringify(statements)).not.toContain('rds:');
  });

  test('the state machine may invoke its five functions and nothing else', () => {
    const [role] = Object.entries(t.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('RestoreTestingDocumentDbProbeStateMachineRoleDefaultPolicy'));
    const invoke = role[1].Properties.PolicyDocument.Statement.find((s: any) => s.Action === 'lambda:InvokeFunction');
    expect(invoke.Resource).toHaveLength(10);
    expect(JSON.stringify(invoke.Resource).match(/DocumentDbProbe\w+Function/g)!.length).toBe(10);
  });

  test('cdk-nag AwsSolutions reports no error', () => {
    expect(nagErrors(env.findings, 'production/Backup')).toEqual([]);
  });
});

describe('DocumentDB restore probe limits', () => {
  test('a validation window shorter than the probe may take is refused, with every problem named', () => {
    const stack = new Stack(new App(), 'Probe', { env: { account: '111111111111', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const props = {
      envName: 'test',
      vpc,
      probeSecurityGroup: new ec2.SecurityGroup(stack, 'Sg', { vpc }),
      subnetGroupName: 'subnets',
      logsKey: new kms.Key(stack, 'Key'),
      logRetentionDays: 30,
      warningTopic: new sns.Topic(stack, 'Topic'),
      alarms: new AlarmFactory(stack, 'Alarms', {
        envName: 'test',
        critical: new sns.Topic(stack, 'Critical'),
        warning: new sns.Topic(stack, 'Warning'),
        dashboardUrl: 'https://example.com',
      }),
      validationWindowHours: 1,
      pollInterval: Duration.minutes(5),
      instanceTimeout: Duration.minutes(2),
    };
    expect(() => new DocumentDbRestoreProbe(stack, 'Probe', props)).toThrow(
      'DocumentDbRestoreProbe test:\n' +
        ' - validationWindowHours is 1: the probe may take 77 minutes, so the window must be at least 2 hours\n' +
        ' - instanceTimeout (2 minutes) must be at least pollInterval (5 minutes)',
    );
  });
});
