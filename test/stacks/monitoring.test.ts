import * as fs from 'fs';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { SAVED_QUERIES } from '../../lib/constructs/observability/log-insights';
import { describeFindings, synthEnvironment, SynthesizedEnvironment } from '../helpers/app';

// GIVEN production (and staging for nag), synthesized once for the file
let prod: SynthesizedEnvironment;
let staging: SynthesizedEnvironment;
let t: Template;
const STACKS_WITH_ALARMS = ['Services', 'Monitoring', 'Backup'];

beforeAll(() => {
  prod = synthEnvironment(PRODUCTION);
  staging = synthEnvironment(STAGING);
  t = prod.template('Monitoring');
});

const alarmsOf = (env: SynthesizedEnvironment) =>
  STACKS_WITH_ALARMS.flatMap((id) => {
    const tpl = env.template(id);
    return [
      ...Object.entries<any>(tpl.findResources('AWS::CloudWatch::Alarm')).map(([logicalId, r]) => ({ stack: id, logicalId, composite: false, ...r.Properties })),
      ...Object.entries<any>(tpl.findResources('AWS::CloudWatch::CompositeAlarm')).map(([logicalId, r]) => ({ stack: id, logicalId, composite: true, ...r.Properties })),
    ];
  });
/** An alarm description with deploy-time references shown as <ref>. */
const text = (value: unknown): string => (typeof value === 'string' ? value : (value as any)['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : '<ref>')).join(''));
const topicOf = (action: unknown) =>
  JSON.stringify(action ?? null)
    .match(/Topics(Critical|Warning)/)?.[1]
    ?.toLowerCase();
/** Seconds from a sustained failure to ALARM: evaluation periods x period of the alarm's metric. */
const secondsToFire = (alarm: any): number => {
  const period = alarm.Period ?? Math.max(...alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period));
  return period * alarm.EvaluationPeriods;
};

test('cdk-nag reports no unacknowledged error', () => {
  expect(describeFindings(prod.findings)).toEqual([]);
  expect(describeFindings(staging.findings)).toEqual([]);
});

describe('every alarm', () => {
  test('has alarm and OK actions on a topic, a name starting with the environment, and a runbook description', () => {
    const alarms = alarmsOf(prod);
    expect(alarms.length).toBeGreaterThan(30);
    // Inputs of a composite alarm notify only through it; a suppressor only holds other pages back.
    const rules = JSON.stringify(alarms.filter((a) => a.composite).map((a) => [a.AlarmRule, a.ActionsSuppressor]));
    for (const alarm of alarms) {
      expect(alarm.AlarmName).toMatch(/^production-/);
      if (alarm.AlarmActions === undefined && rules.includes(`"${alarm.logicalId}"`)) {
        expect([alarm.OKActions, text(alarm.AlarmDescription)]).toEqual([undefined, expect.stringMatching(/^\[INPUT, never notifies\]/)]);
      } else {
        expect(alarm.AlarmActions).toHaveLength(1);
        expect(alarm.OKActions).toEqual(alarm.AlarmActions);
        expect(topicOf(alarm.AlarmActions)).toMatch(/critical|warning/);
      }
      const description = text(alarm.AlarmDescription);
      expect(description).toMatch(/Impact: .+/);
      expect(description).toMatch(/First checks: 1\) .+2\) .+3\) /s);
      expect(description).toContain('#dashboards/dashboard/production-flashcard-lms');
      if (!alarm.composite) expect(['breaching', 'notBreaching', 'missing', 'ignore']).toContain(alarm.TreatMissingData);
    }
  });

  test('critical alarms of the site fire within 3 minutes of a sustained failure', () => {
    const critical = alarmsOf(prod).filter((a) => !a.composite && a.stack !== 'Backup' && topicOf(a.AlarmActions) === 'critical');
    expect(critical.map((a) => a.AlarmName).sort()).toEqual([
      'production-alb-5xx-rate',
      'production-backend-5xx-rate',
      'production-database-connection-down',
      'production-frontend-5xx-rate',
    ]);
    for (const alarm of critical) expect(secondsToFire(alarm)).toBeLessThanOrEqual(180);
  });

  test('the site-down composite pages once for its members, which only notify, and fires within 3 minutes', () => {
    const composite: any = Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'))[0].Properties;
    expect(composite.AlarmName).toBe('production-site-down');
    expect(topicOf(composite.AlarmActions)).toBe('critical');
    const rule = JSON.stringify(composite.AlarmRule);
    const members = alarmsOf(prod).filter((a) => a.stack === 'Monitoring' && rule.includes(`"${a.logicalId}"`));
    expect(members.map((a) => a.AlarmName).sort()).toEqual([
      'production-api-health-check-failing',
      'production-backend-no-healthy-targets',
      'production-frontend-no-healthy-targets',
      'production-web-health-check-failing',
    ]);
    for (const m of members) {
      expect(topicOf(m.AlarmActions)).toBe('warning');
      expect(secondsToFire(m)).toBeLessThanOrEqual(180);
      expect(m.TreatMissingData).toBe('breaching');
    }
  });
});

describe("the plan's alert rules", () => {
  const alarm = (name: string): any => alarmsOf(prod).find((a) => a.AlarmName === `production-${name}`);

  test('HighErrorRate: 5xx share per target group over 5% for 2 minutes, and ALB-generated 5xx', () => {
    for (const name of ['backend-5xx-rate', 'frontend-5xx-rate', 'alb-5xx-rate']) {
      const a = alarm(name);
      expect(a).toMatchObject({ Threshold: 5, EvaluationPeriods: 2, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
      expect(a.Metrics.find((m: any) => m.Expression).Expression).toBe('IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)');
    }
    expect(JSON.stringify(alarm('alb-5xx-rate').Metrics)).toContain('HTTPCode_ELB_5XX_Count');
    expect(JSON.stringify(alarm('backend-5xx-rate').Metrics)).toContain('HTTPCode_Target_5XX_Count');
  });

  test('HighResponseTime: p95 over 2 s for 5 minutes', () => {
    // The worse of the service's two target groups: production traffic is in either after a native deployment.
    const a = alarm('backend-p95-latency');
    expect(a).toMatchObject({ Threshold: 2, EvaluationPeriods: 5 });
    expect(a.Metrics.map((m: any) => m.Expression ?? `${m.MetricStat.Metric.MetricName} ${m.MetricStat.Stat} ${m.MetricStat.Period}`)).toEqual([
      'MAX([FILL(latencyPrimary, 0), FILL(latencyAlternate, 0)])',
      'TargetResponseTime p95 60',
      'TargetResponseTime p95 60',
    ]);
  });

  test('DatabaseConnectionDown: from the health check, within 1 minute', () => {
    expect(alarm('database-connection-down')).toMatchObject({
      Namespace: 'FlashcardLMS/Health',
      MetricName: 'Healthy',
      Dimensions: [
        { Name: 'Check', Value: 'database' },
        { Name: 'Environment', Value: 'production' },
      ],
      Period: 60,
      EvaluationPeriods: 1,
      TreatMissingData: 'breaching',
    });
  });

  test('LowDiskSpace and MemoryUsageHigh for tasks, DocumentDB and the cache', () => {
    for (const name of ['backend-disk-low', 'frontend-disk-low', 'backend-memory-high', 'docdb-memory-high', 'cache-memory-high']) {
      expect(alarm(name)).toBeDefined();
    }
    expect(alarm('backend-disk-low')).toMatchObject({ Threshold: 10, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: 5 });
    // 20% of the 4 GiB of a db.t4g.medium
    expect(alarm('docdb-memory-high').Threshold).toBe(Math.round(4 * 1024 ** 3 * 0.2));
  });

  test('beyond the plan: tasks, hosts, DocumentDB, Redis, Lambdas, certificate, WAF, log errors', () => {
    for (const name of [
      'backend-tasks-below-desired',
      'backend-no-healthy-targets',
      'docdb-cpu-high',
      'docdb-replica-lag',
      'cache-cpu-high',
      'cache-evictions',
      'cache-failover',
      'certificate-expiring',
      'waf-blocked-spike',
      'backend-error-logs',
      'lambda-health-check-errors',
      'lambda-status-page-errors',
      'lambda-db-bootstrap-errors',
      'lambda-migration-start-errors',
      'lambda-migration-poll-errors',
      'backup-restore-validator-errors',
    ]) {
      expect(alarm(name)).toBeDefined();
    }
    expect(topicOf(alarm('waf-blocked-spike').AlarmActions)).toBe('warning');
  });

  test('staging with one DocumentDB instance and no cache replica has no replica-lag or failover alarm', () => {
    const names = Object.values<any>(staging.template('Monitoring').findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName);
    expect(names).not.toContain('staging-docdb-replica-lag');
    expect(names).not.toContain('staging-cache-failover');
  });
});

describe('events', () => {
  test('ECS deployment failures and circuit-breaker rollbacks notify the warning topic', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ecs'],
        'detail-type': ['ECS Deployment State Change'],
        detail: { eventName: ['SERVICE_DEPLOYMENT_FAILED'] },
        resources: [{ prefix: 'arn:aws:ecs:eu-west-1:222222222222:service/production-flashcard-lms/' }],
      },
      Targets: [Match.objectLike({ Arn: Match.objectLike({}) })],
    });
  });

  test('DocumentDB cluster events such as failover notify the warning topic', () => {
    t.hasResourceProperties('AWS::DocDB::EventSubscription', {
      SourceType: 'db-cluster',
      SourceIds: ['production-flashcard-lms'],
      EventCategories: Match.arrayWith(['failover', 'failure']),
    });
  });
});

describe('dashboard', () => {
  let body: string;
  beforeAll(() => {
    const dash: any = Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0];
    expect(dash.Properties.DashboardName).toBe('production-flashcard-lms');
    body = JSON.stringify(dash.Properties.DashboardBody);
  });

  test("holds the plan's panels, then the infrastructure panels and an alarm status widget", () => {
    for (const title of [
      'Request rate (per minute)',
      'Response time p50 / p95 (s)',
      'Active users',
      'Study sessions per hour',
      '5xx (per minute)',
      'Healthy hosts',
      'ECS CPU utilized',
      'ECS memory utilized',
      'ECS running / desired tasks',
      'DocumentDB CPU',
      'Redis CPU, memory',
      'Health checks (1 = healthy)',
      'Health-check latency per dependency (ms)',
      'Lambda errors',
      'Lambda duration p95',
      'WAF allowed / blocked',
    ]) {
      expect(body).toContain(title);
    }
    expect(body).toContain('\\"type\\":\\"alarm\\"');
    expect(body).toMatch(/FlashcardLMS\\",\\"ActiveUsers/);
  });

  test('its URL is a stack output', () => {
    t.hasOutput('DashboardUrl', { Value: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/production-flashcard-lms' });
  });
});

describe('logs', () => {
  test('ERROR and CRITICAL lines of the JSON logs become a metric', () => {
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.level = "ERROR") || ($.level = "CRITICAL") }',
      MetricTransformations: [{ MetricNamespace: 'FlashcardLMS/Logs', MetricName: 'production-backend-error-lines', MetricValue: '1', DefaultValue: 0 }],
    });
  });

  test('saved Logs Insights queries', () => {
    for (const [name, query] of Object.entries(SAVED_QUERIES)) {
      t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: `flashcard-lms/production/${name}`, QueryString: query });
    }
    expect(Object.keys(SAVED_QUERIES)).toEqual(['errors-by-logger', 'slowest-requests', '5xx-by-path', 'user-action-audit-trail']);
  });

  test('every log group of the stage has retention and KMS encryption', () => {
    for (const id of ['Network', 'Data', 'Services', 'Monitoring', 'Backup']) {
      for (const lg of Object.values<any>(prod.template(id).findResources('AWS::Logs::LogGroup'))) {
        expect(lg.Properties.RetentionInDays).toBeGreaterThan(0);
        expect(lg.Properties.KmsKeyId).toBeDefined();
      }
    }
  });
});

describe('health-check Lambda', () => {
  test('runs every minute on Node.js 24 in the private subnets with the contract its code reads', () => {
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    t.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'production-flashcard-lms-health-check',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 45,
      VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
      Environment: {
        Variables: Match.objectLike({
          ENV_NAME: 'production',
          METRIC_NAMESPACE: 'FlashcardLMS/Health',
          ECS_SERVICES: 'backend,frontend',
          DOCDB_CLUSTER_ID: 'production-flashcard-lms',
          NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
          API_HEALTH_URL: 'https://api.flashcard-lms.com/health/detailed',
          WEB_HEALTH_URL: 'https://flashcard-lms.com/health',
        }),
      },
    });
    const fn: any = Object.values(t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'production-flashcard-lms-health-check' } }))[0];
    expect(JSON.stringify(fn.Properties.VpcConfig.SubnetIds)).toMatch(/PrivateSubnet/);
  });

  test("reads its own read-only user's secret and the Redis URL, never the app's database URL or the master secret", () => {
    const fn: any = Object.values(t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'production-flashcard-lms-health-check' } }))[0];
    const env = fn.Properties.Environment.Variables;
    expect(env.DATABASE_URL_SECRET_ARN).toBeUndefined();
    expect(JSON.stringify(env.DATABASE_SECRET_ARN)).toMatch(/HealthCheckUserSecretAttachment/);
    const role = fn.Properties.Role['Fn::GetAtt'][0];
    const policies = Object.values<any>(t.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(role));
    const reads = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s: any) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    const secrets = reads
      .flatMap((s: any) => [s.Resource].flat())
      .map((r: unknown) => JSON.stringify(r).match(/(?:PublishOutput|ExportsOutput)Ref(\w+?)[0-9A-F]{8}/)?.[1])
      .sort();
    expect(secrets).toEqual(['HealthCheckUserSecretAttachment', 'SecretsRedisUrl']);
  });

  test('may publish only to its namespace, and reaches DocumentDB and Redis through its own security group', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'FlashcardLMS/Health' } } })]),
      },
    });
    const ports = Object.values<any>(t.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((r) => r.Properties.FromPort)
      .sort();
    expect(ports).toEqual([27017, 6379]);
  });
});

describe('status page', () => {
  test('serves status.<domain> from a Lambda target on the HTTPS listener', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 30,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['status.flashcard-lms.com'] } }],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'lambda' });
    t.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'production-flashcard-lms-status-page',
      Environment: { Variables: Match.objectLike({ ALARM_PREFIX: 'production-', CACHE_SECONDS: '30', PUBLIC_INCIDENTS: Match.anyValue() }) },
    });
  });

  const statusFunction = () => Object.entries<any>(t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'production-flashcard-lms-status-page' } }))[0];

  test('public incidents: titles and texts for users, keyed by existing alarms of this environment, and the handler accepts them', () => {
    const [, fn] = statusFunction();
    const variables = fn.Properties.Environment.Variables;
    expect(variables.PUBLIC_ALARMS).toBeUndefined();
    const notices = JSON.parse(variables.PUBLIC_INCIDENTS);
    expect(Object.keys(notices).sort()).toEqual(
      ['alb-5xx-rate', 'api-health-check-failing', 'backend-5xx-rate', 'database-connection-down', 'frontend-5xx-rate', 'web-health-check-failing'].map((n) => `production-${n}`),
    );
    expect(notices['production-backend-5xx-rate'].title).toBe('Elevated API errors');
    const alarmNames = new Set(
      alarmsOf(prod)
        .filter((a) => !a.composite)
        .map((a) => a.AlarmName),
    );
    for (const name of Object.keys(notices)) expect(alarmNames).toContain(name);
    // What users read names no alarm, metric or resource.
    for (const n of Object.values<any>(notices)) expect(`${n.title} ${n.text}`).not.toMatch(/production|arn:|5xx|alarm|threshold|target/i);
    const { loadSettings } = require('../../lambda/status-page/settings');
    expect(loadSettings({ ...variables, ENV_NAME: 'production' }).publicIncidents).toEqual(notices);
  });

  test("IAM: alarm history of this environment's alarms only; metrics read without a resource scope", () => {
    const [, fn] = statusFunction();
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const policy = Object.values<any>(t.findResources('AWS::IAM::Policy')).find((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Sid: 'ReadHealthMetrics', Effect: 'Allow', Action: 'cloudwatch:GetMetricData', Resource: '*' },
      {
        Sid: 'ReadOwnAlarmHistory',
        Effect: 'Allow',
        Action: 'cloudwatch:DescribeAlarmHistory',
        Resource: `arn:aws:cloudwatch:${PRODUCTION.region}:${PRODUCTION.account}:alarm:production-*`,
      },
    ]);
  });

  test('reserved concurrency: 10 by default, from config when set', () => {
    expect(statusFunction()[1].Properties.ReservedConcurrentExecutions).toBe(10);
    const custom = synthEnvironment({ ...STAGING, monitoring: { ...STAGING.monitoring, statusPageConcurrency: 25 } });
    custom.template('Monitoring').hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'staging-flashcard-lms-status-page', ReservedConcurrentExecutions: 25 });
  });
});

test('the alarm table of docs/observability.md lists every alarm', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../docs/observability.md'), 'utf8');
  const names = new Set(alarmsOf(prod).map((a) => a.AlarmName.replace(/^production-/, '')));
  for (const name of names) expect(readme).toContain(`\`${name}\``);
});

test('DocumentDB memory per instance class, for the freeable-memory threshold', () => {
  const { docdbMemoryGiB } = require('../../lib/constructs/observability/data-tier-alarms');
  expect(['db.t4g.medium', 'db.r6g.large', 'db.r6g.xlarge', 'db.r6g.2xlarge', 'db.r5.24xlarge'].map(docdbMemoryGiB)).toEqual([4, 16, 32, 64, 768]);
});

describe("staging's off-hours schedule (docs/off-hours.md)", () => {
  test('silences every monitoring alarm and re-checks the ones a stopped environment trips; production has none', () => {
    const schedules = Object.values<any>(staging.template('Monitoring').findResources('AWS::Scheduler::Schedule')).map((r) => r.Properties);
    const input = (name: string) => JSON.parse(schedules.find((s) => s.Name === name).Target.Input);
    // Every alarm that notifies; inputs and suppressors notify nobody, silenced or not.
    const monitoring = alarmsOf(staging)
      .filter((a) => a.stack === 'Monitoring' && (a.AlarmActions ?? []).length > 0)
      .map((a) => a.AlarmName);
    expect(monitoring.length).toBeGreaterThan(20);
    expect(monitoring.length).toBeLessThanOrEqual(100);
    expect(input('staging-off-hours-silence-alarms-1').AlarmNames).toEqual(expect.arrayContaining(monitoring));
    expect(input('staging-off-hours-resume-alarms-1').AlarmNames).toEqual(input('staging-off-hours-silence-alarms-1').AlarmNames);
    const rechecked = schedules.filter((s) => s.Name.includes('recheck')).map((s) => JSON.parse(s.Target.Input).AlarmName);
    expect(rechecked.sort()).toEqual(
      [
        'staging-alb-5xx-rate',
        'staging-api-health-check-failing',
        'staging-backend-no-healthy-targets',
        'staging-database-connection-down',
        'staging-frontend-no-healthy-targets',
        'staging-web-health-check-failing',
      ].sort(),
    );
    // Every alarm that pages while the environment is off is either re-checked or a composite of re-checked ones.
    const paging = alarmsOf(staging).filter((a) => a.stack === 'Monitoring' && topicOf(a.AlarmActions) === 'critical' && !a.composite);
    const quiet = ['staging-backend-5xx-rate', 'staging-frontend-5xx-rate']; // no targets: no target responses, NOT_BREACHING
    expect(paging.map((a) => a.AlarmName).filter((n) => !rechecked.includes(n) && !quiet.includes(n))).toEqual([]);
    expect(input('staging-off-hours-start-database')).toEqual({ DBClusterIdentifier: 'staging-flashcard-lms' });
    expect(schedules.every((s) => s.ScheduleExpressionTimezone === 'Europe/Dublin')).toBe(true);
    prod.template('Monitoring').resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  test('both services scale to zero at 18:00 and back to their range at 08:00 on weekdays, Irish time', () => {
    const targets = Object.values<any>(staging.template('Services').findResources('AWS::ApplicationAutoScaling::ScalableTarget')).map((r) => r.Properties);
    expect(targets).toHaveLength(2);
    for (const target of targets) {
      expect(target.ScheduledActions).toEqual([
        {
          ScheduledActionName: 'OffHoursStop',
          Schedule: 'cron(0 18 ? * MON,TUE,WED,THU,FRI *)',
          Timezone: 'Europe/Dublin',
          ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 0 },
        },
        {
          ScheduledActionName: 'OffHoursStart',
          Schedule: 'cron(0 8 ? * MON,TUE,WED,THU,FRI *)',
          Timezone: 'Europe/Dublin',
          ScalableTargetAction: { MinCapacity: target.MinCapacity, MaxCapacity: target.MaxCapacity },
        },
      ]);
    }
    for (const target of Object.values<any>(prod.template('Services').findResources('AWS::ApplicationAutoScaling::ScalableTarget'))) {
      expect(target.Properties.ScheduledActions).toBeUndefined();
    }
  });
});
