import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { EnvironmentStage } from '../../lib/stages/environment-stage';
import { configWith, problemsWith } from '../helpers/configs';
import { describeFindings, synthEnvironments } from '../helpers/app';
import { cdkJsonContext } from '../helpers/nag';

// GIVEN staging (drills on by default, ECS Exec on) and production with drills enabled, synthesized once
let staging: EnvironmentStage;
let production: EnvironmentStage;
let findings: ReturnType<typeof synthEnvironments>['findings'];
beforeAll(() => {
  ({
    stages: [staging, production],
    findings,
  } = synthEnvironments([STAGING, configWith('production', { drills: { enabled: true } })]));
});

const templateOf = (stage: EnvironmentStage, id: string) => Template.fromStack(stage.node.findChild(id) as any);
const drillTags = (stage: EnvironmentStage) =>
  Object.values<any>(templateOf(stage, 'Drills').findResources('AWS::FIS::ExperimentTemplate'))
    .map((r) => r.Properties.Tags.Drill)
    .sort();

test('production creates no experiment templates unless drills.enabled', () => {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stage = new EnvironmentStage(app, 'Production', { config: PRODUCTION });
  expect(stage.drills.experiments).toBeUndefined();
  expect(stage.drills.node.tryFindChild('Experiments')).toBeUndefined();
  expect(stage.drills.runnerRole).toBeDefined();
});

test("the drill runner role is assumed by the deploy role only, and starts only its environment's experiments", () => {
  const t = templateOf(staging, 'Drills');
  t.hasResourceProperties('AWS::IAM::Role', {
    RoleName: 'flashcard-lms-staging-drill-runner',
    AssumeRolePolicyDocument: {
      Statement: [Match.objectLike({ Principal: { AWS: 'arn:aws:iam::111111111111:role/flashcard-lms-github-deploy-staging' } })],
      Version: '2012-10-17',
    },
  });
  const [policy] = Object.values<any>(t.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^RunnerRole') }] } }));
  const sid = (name: string) => policy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === name);
  expect(sid('DrillStartOwnTemplates')).toMatchObject({ Action: 'fis:StartExperiment', Condition: { StringEquals: { 'aws:ResourceTag/Environment': 'staging' } } });
  expect(sid('DrillFailOverDatabase').Resource).toBe('arn:aws:rds:eu-west-1:111111111111:cluster:staging-flashcard-lms');
  expect(sid('DrillThrowawayClusters').Resource).toEqual([
    'arn:aws:rds:eu-west-1:111111111111:cluster:staging-flashcard-lms-drill-*',
    'arn:aws:rds:eu-west-1:111111111111:db:staging-flashcard-lms-drill-*',
  ]);
  expect(sid('DrillRotateSecrets').Resource).toBe('arn:aws:secretsmanager:eu-west-1:111111111111:secret:flashcard-lms/staging/*');
});

test('staging gets the experiments its resources support; no network faults while ECS Exec is on', () => {
  expect(drillTags(staging)).toEqual(['az-power-interruption', 'stop-backend-tasks']);
  Annotations.fromStack(staging.drills).hasInfo('*', Match.stringLikeRegexp('No network-fault experiments'));
  templateOf(staging, 'Services').hasResourceProperties('AWS::ECS::TaskDefinition', { Family: Match.stringLikeRegexp('backend'), EnableFaultInjection: Match.absent() });
});

test('production with drills enabled gets every experiment, and its backend tasks the fault-injection sidecar', () => {
  expect(drillTags(production)).toEqual(['az-power-interruption', 'backend-network-latency', 'backend-packet-loss', 'cache-az-power', 'stop-backend-tasks']);
  templateOf(production, 'Services').hasResourceProperties('AWS::ECS::TaskDefinition', {
    EnableFaultInjection: true,
    PidMode: 'task',
    ContainerDefinitions: Match.arrayWith([Match.objectLike({ Name: 'amazon-ssm-agent', Essential: false })]),
  });
});

test('the experiments deploy after the alarms they stop on', () => {
  expect(staging.drills.dependencies).toContain(staging.monitoring);
});

test('cdk-nag reports no unacknowledged error', () => {
  expect(describeFindings(findings)).toEqual([]);
});

test('drills config: bad values name the field, the value and the range', () => {
  expect(problemsWith('staging', { drills: { stopTaskPercent: 0, durationMinutes: 45, enabled: 'yes' } })).toEqual([
    'staging: drills.enabled: must be a boolean (got "yes")',
    'staging: drills.stopTaskPercent: must be 1-100 (%) (got 0)',
    'staging: drills.durationMinutes: must be 1-30 minutes (got 45)',
  ]);
});
