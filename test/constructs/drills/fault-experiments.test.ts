import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import { drillSettings } from '../../../lib/config/drills';
import { PRODUCTION, STAGING } from '../../../lib/config/environments';
import { FaultExperiments } from '../../../lib/constructs/drills/fault-experiments';
import { SSM_AGENT_IMAGE, TaskFaultInjection } from '../../../lib/constructs/drills/task-fault-injection';
import { nagApp, nagErrors, synthFindings } from '../../helpers/nag';

const ENV = { account: '123456789012', region: 'eu-west-1' };

// GIVEN the experiments of an environment with every fault possible, and a backend task prepared for them.
let t: Template;
let taskTemplate: Template;
let findings: ReturnType<typeof synthFindings>;

/** The stacks under test, in an app with or without cdk-nag. */
function build(app: App): { stack: Stack; services: Stack } {
  const stack = new Stack(app, 'Drills', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });
  const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
  new FaultExperiments(stack, 'Experiments', {
    envName: 'staging',
    vpc,
    clusterName: 'staging-flashcard-lms',
    backendServiceName: 'backend',
    settings: { ...drillSettings({ production: false }), stopTaskPercent: 34, latencyMs: 300 },
    networkFaults: true,
    cacheFaults: true,
    availabilityZone: 'eu-west-1a',
    logsKey,
    logRetentionDays: 30,
  });
  const services = new Stack(app, 'Services', { env: ENV });
  const taskDefinition = new ecs.FargateTaskDefinition(services, 'Task', { runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX } });
  taskDefinition.addContainer('backend', { image: ecs.ContainerImage.fromRegistry('backend:1') });
  new TaskFaultInjection(services, 'FaultInjection', {
    envName: 'staging',
    taskDefinition,
    logsKey: new kms.Key(services, 'Key', { enableKeyRotation: true }),
    logRetentionDays: 30,
  });
  return { stack, services };
}

beforeAll(() => {
  findings = synthFindings(build(nagApp()).stack.node.root as App);
  const { stack, services } = build(new App());
  t = Template.fromStack(stack);
  taskTemplate = Template.fromStack(services);
});

const template = (drill: string) => {
  const [found] = Object.values(t.findResources('AWS::FIS::ExperimentTemplate', { Properties: { Tags: Match.objectLike({ Drill: drill }) } }));
  expect(found).toBeDefined();
  return found.Properties;
};
const alarmArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:eu-west-1:123456789012:alarm:staging-${name}`]] });

describe('FIS experiment templates', () => {
  test('one template per experiment, each tagged with its drill and environment', () => {
    t.resourceCountIs('AWS::FIS::ExperimentTemplate', 5);
    for (const drill of ['stop-backend-tasks', 'backend-network-latency', 'backend-packet-loss', 'cache-az-power', 'az-power-interruption'])
      expect(template(drill).Tags).toEqual({ Name: `staging-${drill}`, Drill: drill, Environment: 'staging' });
  });

  test('every experiment stops on the site-down and ALB 5xx alarms; backend faults also on backend 5xx', () => {
    for (const drill of ['stop-backend-tasks', 'cache-az-power', 'az-power-interruption'])
      expect(template(drill).StopConditions).toEqual([
        { Source: 'aws:cloudwatch:alarm', Value: alarmArn('site-down') },
        { Source: 'aws:cloudwatch:alarm', Value: alarmArn('alb-5xx-rate') },
      ]);
    expect(template('backend-network-latency').StopConditions.map((c: any) => c.Value)).toEqual([alarmArn('site-down'), alarmArn('alb-5xx-rate'), alarmArn('backend-5xx-rate')]);
  });

  test('logs to the encrypted FIS log group and fails when no target resolves', () => {
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/flashcard-lms/staging/fis-experiments', KmsKeyId: Match.anyValue(), RetentionInDays: 30 });
    const props = template('stop-backend-tasks');
    expect(props.LogConfiguration).toEqual({
      CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': [expect.stringMatching(/^ExperimentsLogGroup/), 'Arn'] } },
      LogSchemaVersion: 2,
    });
    expect(props.ExperimentOptions).toEqual({ AccountTargeting: 'single-account', EmptyTargetResolutionMode: 'fail' });
  });

  test('stop-backend-tasks stops the configured share of the backend service tasks', () => {
    const props = template('stop-backend-tasks');
    expect(props.Targets).toEqual({
      BackendTasks: { ResourceType: 'aws:ecs:task', Parameters: { cluster: 'staging-flashcard-lms', service: 'backend' }, SelectionMode: 'PERCENT(34)' },
    });
    expect(props.Actions).toEqual({ StopTasks: { ActionId: 'aws:ecs:stop-task', Targets: { Tasks: 'BackendTasks' } } });
  });

  test('network faults use the ECS fault-injection endpoints Fargate needs', () => {
    expect(template('backend-network-latency').Actions.Fault).toEqual({
      ActionId: 'aws:ecs:task-network-latency',
      Parameters: { duration: 'PT5M', useEcsFaultInjectionEndpoints: 'true', installDependencies: 'true', delayMilliseconds: '300', jitterMilliseconds: '0' },
      Targets: { Tasks: 'BackendTasks' },
    });
    expect(template('backend-packet-loss').Actions.Fault.Parameters).toMatchObject({ lossPercent: '10', useEcsFaultInjectionEndpoints: 'true' });
  });

  test('cache and subnets are selected by the Environment tag, in the chosen zone', () => {
    expect(template('cache-az-power').Targets.Cache).toEqual({
      ResourceType: 'aws:elasticache:replicationgroup',
      ResourceTags: { Environment: 'staging' },
      Parameters: { availabilityZoneIdentifier: 'eu-west-1a' },
      SelectionMode: 'ALL',
    });
    const az = template('az-power-interruption');
    expect(az.Targets.ZoneSubnets).toEqual({
      ResourceType: 'aws:ec2:subnet',
      ResourceTags: { Environment: 'staging' },
      Filters: [{ Path: 'AvailabilityZone', Values: ['eu-west-1a'] }],
      SelectionMode: 'ALL',
    });
    expect(Object.keys(az.Actions).sort()).toEqual(['InterruptCache', 'IsolateZone']);
  });
});

describe('FIS experiment role', () => {
  const statement = (sid: string) => {
    const [policy] = Object.values(t.findResources('AWS::IAM::Policy'));
    const found = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === sid);
    expect(found).toBeDefined();
    return found;
  };

  test('only FIS experiments of this account assume it', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'fis.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ],
      },
    });
  });

  test('stops only tasks of this environment in its own cluster', () => {
    expect(statement('StopEnvironmentTasks')).toMatchObject({
      Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:eu-west-1:123456789012:task/staging-flashcard-lms/*']] },
      Condition: { StringEquals: { 'aws:ResourceTag/Environment': 'staging' } },
    });
  });

  test('powers down only caches tagged with this environment', () => {
    expect(statement('InterruptEnvironmentCache')).toMatchObject({
      Action: 'elasticache:InterruptClusterAzPower',
      Condition: { StringEquals: { 'aws:ResourceTag/Environment': 'staging' } },
    });
  });

  test('runs fault documents only in managed instances of this cluster, and swaps ACLs only inside its VPC', () => {
    expect(statement('RunInEnvironmentTasks').Condition).toEqual({
      StringLike: { 'ssm:resourceTag/ECS_TASK_ARN': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:eu-west-1:123456789012:task/staging-flashcard-lms/*']] } },
    });
    expect(statement('SwapEnvironmentAcls').Condition).toEqual({ ArnEquals: { 'ec2:Vpc': statement('CreateDenyAllAclInVpc').Resource } });
    expect(JSON.stringify(statement('CreateDenyAllAclInVpc').Resource)).toMatch(/:ec2:eu-west-1:123456789012:vpc\/"/);
    expect(statement('EditFisAcl').Condition).toEqual({ StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } });
  });

  test('cdk-nag reports no unacknowledged finding', () => {
    expect([...nagErrors(findings, 'Drills/Experiments'), ...nagErrors(findings, 'Services/FaultInjection')]).toEqual([]);
  });
});

describe('backend task prepared for network faults', () => {
  test('enables fault injection with a task PID namespace', () => {
    taskTemplate.hasResourceProperties('AWS::ECS::TaskDefinition', { EnableFaultInjection: true, PidMode: 'task' });
  });

  test('adds a non-essential SSM agent sidecar that registers with the managed-instance role', () => {
    taskTemplate.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({
          Name: 'amazon-ssm-agent',
          Image: SSM_AGENT_IMAGE,
          Essential: false,
          Command: ['/bin/bash', '-c', Match.stringLikeRegexp('aws ssm create-activation')],
          Environment: [{ Name: 'MANAGED_INSTANCE_ROLE_NAME', Value: { Ref: Match.stringLikeRegexp('ManagedInstanceRole') } }],
        }),
      ]),
    });
    taskTemplate.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ssm.amazonaws.com' } })] }),
    });
  });
});

describe('drills config defaults', () => {
  test('on outside production, off in production unless enabled', () => {
    expect(drillSettings(STAGING as any).enabled).toBe(true);
    expect(drillSettings(PRODUCTION as any).enabled).toBe(false);
    expect(drillSettings({ production: true, drills: { enabled: true } }).enabled).toBe(true);
  });
});
