import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { OffHoursWindow } from '../../../lib/config/off-hours';
import { OffHoursSchedule } from '../../../lib/constructs/observability/off-hours-schedule';

const WINDOW: OffHoursWindow = { timezone: 'Europe/Dublin', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startAt: '08:00', stopAt: '18:00' };

/** GIVEN the schedule on a bare stack, silencing `count` alarms and re-checking the first two. */
function synth(count: number): { template: Template; schedules: Record<string, any> } {
  const stack = new Stack(new App(), 'Monitoring', { env: { account: '111111111111', region: 'eu-west-1' } });
  const metric = new cloudwatch.Metric({ namespace: 'Test', metricName: 'M', period: Duration.minutes(1) });
  const alarms = Array.from({ length: count }, (_, i) => new cloudwatch.Alarm(stack, `A${i}`, { alarmName: `staging-a${i}`, metric, threshold: 1, evaluationPeriods: 1 }));
  new OffHoursSchedule(stack, 'OffHours', { envName: 'staging', window: WINDOW, docdbClusterId: 'staging-flashcard-lms', silenced: alarms, reevaluated: alarms.slice(0, 2) });
  const template = Template.fromStack(stack);
  const schedules = Object.fromEntries(Object.values(template.findResources('AWS::Scheduler::Schedule')).map((r: any) => [r.Properties.Name, r.Properties]));
  return { template, schedules };
}

describe('with a few alarms', () => {
  const { template, schedules } = synth(3);

  test('DocumentDB starts 20 minutes before the services and stops 15 minutes after them, on the working days in the time zone', () => {
    expect(schedules['staging-off-hours-start-database']).toMatchObject({
      ScheduleExpression: 'cron(40 7 ? * MON,TUE,WED,THU,FRI *)',
      ScheduleExpressionTimezone: 'Europe/Dublin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:docdb:startDBCluster']] },
        Input: '{"DBClusterIdentifier":"staging-flashcard-lms"}',
      },
    });
    expect(schedules['staging-off-hours-stop-database']).toMatchObject({ ScheduleExpression: 'cron(15 18 ? * MON,TUE,WED,THU,FRI *)' });
    expect(schedules['staging-off-hours-stop-database'].Target.Arn['Fn::Join'][1][2]).toBe(':scheduler:::aws-sdk:docdb:stopDBCluster');
  });

  test('alarms are silenced before the stop, resumed after the start, and the tripped ones set to OK after that', () => {
    expect(schedules['staging-off-hours-silence-alarms-1']).toMatchObject({
      ScheduleExpression: 'cron(55 17 ? * MON,TUE,WED,THU,FRI *)',
      Target: { Input: '{"AlarmNames":["staging-a0","staging-a1","staging-a2"]}' },
    });
    expect(schedules['staging-off-hours-resume-alarms-1']).toMatchObject({
      ScheduleExpression: 'cron(20 8 ? * MON,TUE,WED,THU,FRI *)',
      Target: { Input: '{"AlarmNames":["staging-a0","staging-a1","staging-a2"]}' },
    });
    expect(schedules['staging-off-hours-silence-alarms-1'].Target.Arn['Fn::Join'][1][2]).toBe(':scheduler:::aws-sdk:cloudwatch:disableAlarmActions');
    expect(schedules['staging-off-hours-resume-alarms-1'].Target.Arn['Fn::Join'][1][2]).toBe(':scheduler:::aws-sdk:cloudwatch:enableAlarmActions');
    const rechecks = Object.keys(schedules).filter((n) => n.includes('recheck'));
    expect(rechecks.map((n) => [schedules[n].ScheduleExpression, JSON.parse(schedules[n].Target.Input).AlarmName, JSON.parse(schedules[n].Target.Input).StateValue])).toEqual([
      ['cron(25 8 ? * MON,TUE,WED,THU,FRI *)', 'staging-a0', 'OK'],
      ['cron(25 8 ? * MON,TUE,WED,THU,FRI *)', 'staging-a1', 'OK'],
    ]);
  });

  test('the role: assumed by Scheduler for this account only; this cluster and these alarms only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } }] },
    });
    const policy: any = Object.values(template.findResources('AWS::IAM::Policy'))[0];
    const statements = policy.Properties.PolicyDocument.Statement.map((s: any) => [s.Action, s.Resource]);
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:eu-west-1:111111111111:alarm:${name}`]] });
    expect(statements).toEqual([
      [['rds:StartDBCluster', 'rds:StopDBCluster'], { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:eu-west-1:111111111111:cluster:staging-flashcard-lms']] }],
      [['cloudwatch:DisableAlarmActions', 'cloudwatch:EnableAlarmActions'], ['staging-a0', 'staging-a1', 'staging-a2'].map(arn)],
      ['cloudwatch:SetAlarmState', ['staging-a0', 'staging-a1'].map(arn)],
    ]);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Target: { RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OffHoursRole'), 'Arn'] } } });
  });
});

test('more than 100 alarms are silenced and resumed in calls of at most 100 names', () => {
  const { schedules } = synth(101);
  const names = (schedule: string) => JSON.parse(schedules[schedule].Target.Input).AlarmNames;
  expect(names('staging-off-hours-silence-alarms-1')).toHaveLength(100);
  expect(names('staging-off-hours-silence-alarms-2')).toEqual(['staging-a100']);
  expect(names('staging-off-hours-resume-alarms-2')).toEqual(['staging-a100']);
  expect(schedules['staging-off-hours-silence-alarms-3']).toBeUndefined();
});

test('a canary stops with the silenced alarms and starts with the resumed ones; the role may start and stop that canary only', () => {
  const stack = new Stack(new App(), 'Monitoring', { env: { account: '111111111111', region: 'eu-west-1' } });
  new OffHoursSchedule(stack, 'OffHours', { envName: 'staging', window: WINDOW, docdbClusterId: 'db', silenced: [], reevaluated: [], canaryName: 'staging-site-journey' });
  const template = Template.fromStack(stack);
  const schedules = Object.fromEntries(Object.values(template.findResources('AWS::Scheduler::Schedule')).map((r: any) => [r.Properties.Name, r.Properties]));
  expect(schedules['staging-off-hours-stop-canary']).toMatchObject({
    ScheduleExpression: 'cron(55 17 ? * MON,TUE,WED,THU,FRI *)',
    Target: { Input: '{"Name":"staging-site-journey"}' },
  });
  expect(schedules['staging-off-hours-start-canary']).toMatchObject({
    ScheduleExpression: 'cron(20 8 ? * MON,TUE,WED,THU,FRI *)',
    Target: { Input: '{"Name":"staging-site-journey"}' },
  });
  expect(schedules['staging-off-hours-stop-canary'].Target.Arn['Fn::Join'][1][2]).toBe(':scheduler:::aws-sdk:synthetics:stopCanary');
  expect(schedules['staging-off-hours-start-canary'].Target.Arn['Fn::Join'][1][2]).toBe(':scheduler:::aws-sdk:synthetics:startCanary');
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        {
          Effect: 'Allow',
          Action: ['synthetics:StartCanary', 'synthetics:StopCanary'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':synthetics:eu-west-1:111111111111:canary:staging-site-journey']] },
        },
      ]),
    },
  });
});
