import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlarmFactory, runbookText } from '../../../lib/constructs/observability/alarm-factory';

const RUNBOOK = {
  what: 'Backend answers 5xx.',
  impact: 'Users see errors.',
  checks: ['the backend logs', 'the last deployment', 'the database'] as const,
  runbook: 'service-5xx-rate',
};
const metric = new cloudwatch.Metric({ namespace: 'Test', metricName: 'Errors' });

// GIVEN a factory on a bare stack with a critical and a warning topic
let template: Template;
let factory: AlarmFactory;
let topicIds: { critical: string; warning: string };
let pagingBeforeSuppressor: string[];
beforeAll(() => {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const critical = new sns.Topic(stack, 'Critical');
  const warning = new sns.Topic(stack, 'Warning');
  topicIds = { critical: stack.getLogicalId(critical.node.defaultChild as sns.CfnTopic), warning: stack.getLogicalId(warning.node.defaultChild as sns.CfnTopic) };
  factory = new AlarmFactory(stack, 'Alarms', { envName: 'staging', critical, warning, dashboardUrl: 'https://console.example/dash' });
  // WHEN it makes a critical alarm, a warning alarm, an input and a composite over the input
  factory.alarm({
    ...RUNBOOK,
    name: 'backend-5xx',
    severity: 'critical',
    metric,
    threshold: 5,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  factory.alarm({
    ...RUNBOOK,
    name: 'backend-slow',
    severity: 'warning',
    metric,
    threshold: 1,
    evaluationPeriods: 2,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
  });
  const input = factory.input({ ...RUNBOOK, name: 'backend-input', metric, threshold: 1, evaluationPeriods: 1, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
  factory.composite('backend-down', 'critical', cloudwatch.AlarmRule.fromAlarm(input, cloudwatch.AlarmState.ALARM), RUNBOOK);
  pagingBeforeSuppressor = factory.paging.map((a) => a.node.id);
  // AND a suppressor over the pages, a page held back by it, and an anomaly alarm
  const suppressor = factory.suppressor('already-paging', cloudwatch.AlarmRule.anyOf(...factory.paging), RUNBOOK);
  factory.composite('backend-burn', 'critical', cloudwatch.AlarmRule.anyOf(input), RUNBOOK, {
    suppressor,
    waitPeriod: Duration.minutes(3),
    extensionPeriod: Duration.minutes(10),
  });
  factory.anomaly({
    ...RUNBOOK,
    name: 'requests-drop',
    severity: 'warning',
    metric,
    stdDevs: 3,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_LOWER_THRESHOLD,
    evaluationPeriods: 3,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
  template = Template.fromStack(stack);
});

test('an alarm is named <env>-<name>, carries its runbook and notifies the topic of its severity on ALARM and OK', () => {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'staging-backend-5xx',
    AlarmDescription:
      '[CRITICAL] Backend answers 5xx.\nImpact: Users see errors.\nFirst checks: 1) the backend logs 2) the last deployment 3) the database\nDashboard: https://console.example/dash\nRunbook: https://github.com/flashcard-lms/flashcard-lms-infra/blob/main/docs/runbooks/service-5xx-rate.md',
    Threshold: 5,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: [{ Ref: topicIds.critical }],
    OKActions: [{ Ref: topicIds.critical }],
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'staging-backend-slow',
    AlarmDescription: Match.stringLikeRegexp('^\\[WARNING\\] Backend answers 5xx\\.'),
    DatapointsToAlarm: 2,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    AlarmActions: [{ Ref: topicIds.warning }],
    OKActions: [{ Ref: topicIds.warning }],
  });
});

test('an input alarm never notifies', () => {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'staging-backend-input',
    AlarmDescription: Match.stringLikeRegexp('^\\[INPUT, never notifies\\] Backend answers 5xx\\.'),
    AlarmActions: Match.absent(),
    OKActions: Match.absent(),
  });
});

test('a composite alarm notifies the topic of its severity', () => {
  template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
    AlarmName: 'staging-backend-down',
    AlarmDescription: Match.stringLikeRegexp('^\\[CRITICAL\\] '),
    AlarmActions: [{ Ref: topicIds.critical }],
    OKActions: [{ Ref: topicIds.critical }],
  });
});

test('the factory lists what it made, and which of it pages', () => {
  expect(factory.alarms.map((a) => a.node.id)).toEqual(['backend-5xx', 'backend-slow', 'requests-drop']);
  expect(factory.compositeAlarms.map((a) => a.node.id)).toEqual(['backend-down', 'backend-burn']);
  expect(factory.paging.map((a) => a.node.id)).toEqual(['backend-5xx', 'backend-down', 'backend-burn']);
  expect(pagingBeforeSuppressor).toEqual(['backend-5xx', 'backend-down']);
  template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
});

test('a suppressor never notifies; a page it holds back waits for it and stays quiet after it', () => {
  const alarms = template.findResources('AWS::CloudWatch::CompositeAlarm');
  const [suppressorId, suppressor] = Object.entries<any>(alarms).find(([, r]) => r.Properties.AlarmName === 'staging-already-paging')!;
  expect(suppressor.Properties.AlarmActions).toBeUndefined();
  expect(suppressor.Properties.AlarmDescription).toMatch(/^\[INPUT, never notifies\] /);
  template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
    AlarmName: 'staging-backend-burn',
    ActionsSuppressor: { 'Fn::GetAtt': [suppressorId, 'Arn'] },
    ActionsSuppressorWaitPeriod: 180,
    ActionsSuppressorExtensionPeriod: 600,
    AlarmActions: [{ Ref: topicIds.critical }],
  });
});

test('an anomaly alarm compares the metric with its band and notifies like any other', () => {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'staging-requests-drop',
    AlarmDescription: Match.stringLikeRegexp('^\\[WARNING\\] Backend answers 5xx\\.'),
    ComparisonOperator: 'LessThanLowerThreshold',
    ThresholdMetricId: Match.anyValue(),
    Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('^ANOMALY_DETECTION_BAND\\(\\w+, 3\\)$') })]),
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    TreatMissingData: 'breaching',
    AlarmActions: [{ Ref: topicIds.warning }],
    OKActions: [{ Ref: topicIds.warning }],
  });
});

test('a runbook longer than CloudWatch allows is refused, naming the alarm', () => {
  const long = { ...RUNBOOK, impact: 'x'.repeat(1024) };
  expect(() => runbookText(long, 'warning', 'https://d')).toThrow(/^Alarm description is \d+ characters; CloudWatch allows 1024: Backend answers 5xx\.$/);
});
