import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PRODUCTION } from '../../lib/config/environments';
import { BURN_RATE_RULES } from '../../lib/config/slo';
import { SUPPRESSOR_EXTENSION, SUPPRESSOR_WAIT } from '../../lib/constructs/observability/service-level-objectives';
import { CANARY_RUNTIME, DEPRECATED_CANARY_RUNTIMES } from '../../lib/constructs/observability/site-canary';
import { EnvironmentStage } from '../../lib/stages/environment-stage';
import { describeFindings, synthEnvironments } from '../helpers/app';
import { NagFinding } from '../helpers/nag';
import { configWith } from '../helpers/configs';

// GIVEN production with the default SLOs, and staging with its own, synthesized once for the file
let prod: Template;
let staging: Template;
let stages: EnvironmentStage[];
let findings: NagFinding[];
beforeAll(() => {
  const stagingConfig = configWith('staging', {
    slo: {
      apiAvailability: { targetPercent: 99.5, windowDays: 30 },
      apiLatency: { targetPercent: 98, windowDays: 7, thresholdSeconds: 0.5 },
      webAvailability: { targetPercent: 99, windowDays: 14 },
      slowBurn: 'warn',
    },
    canary: { everyMinutes: 10, secondRegion: 'eu-central-1' },
    alarms: { warning: { emails: ['platform-staging@flashcard-lms.com'], smsNumbers: [], httpsEndpoints: [] } },
  });
  const synthesized = synthEnvironments([PRODUCTION, stagingConfig]);
  [prod, staging] = synthesized.stages.map((s) => Template.fromStack(s.monitoring));
  stages = synthesized.stages;
  findings = synthesized.findings;
});

const byName = (t: Template, type: string, name: string): any => {
  const found = Object.entries<any>(t.findResources(type)).filter(([, r]) => (r.Properties.AlarmName ?? r.Properties.Name ?? r.Properties.Name) === name);
  if (found.length !== 1) throw new Error(`${type} ${name}: found ${found.length}`);
  return { logicalId: found[0][0], ...found[0][1].Properties, DeletionPolicy: found[0][1].DeletionPolicy };
};
const alarm = (t: Template, name: string) => byName(t, 'AWS::CloudWatch::Alarm', name);
const composite = (t: Template, name: string): any => {
  const found = Object.entries<any>(t.findResources('AWS::CloudWatch::CompositeAlarm')).find(([, r]) => r.Properties.AlarmName === name);
  if (!found) throw new Error(`composite ${name} missing`);
  return { logicalId: found[0], ...found[1].Properties };
};
const slo = (t: Template, name: string) => byName(t, 'AWS::ApplicationSignals::ServiceLevelObjective', name);
const topicOf = (actions: unknown) =>
  JSON.stringify(actions ?? null)
    .match(/Topics(Critical|Warning)/)?.[1]
    ?.toLowerCase();
/** The alarm rule with each alarm reference replaced by its logical id. */
const ruleOf = (c: any): string => (c.AlarmRule['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : (p as any)['Fn::GetAtt'][0])).join('');
const KEYS = ['api-availability', 'api-latency', 'web-availability'];
/** The one metric of an alarm, whether CloudFormation got it as top-level fields or as a labelled MetricStat. */
const metricStatOf = (a: any): any =>
  a.Metrics
    ? a.Metrics[0].MetricStat
    : { Metric: { Namespace: a.Namespace, MetricName: a.MetricName, Dimensions: a.Dimensions }, Stat: a.Statistic ?? a.ExtendedStatistic, Period: a.Period };

describe('SLOs', () => {
  test('one request-based Application Signals SLO per journey, with the default objectives', () => {
    expect(Object.keys(prod.findResources('AWS::ApplicationSignals::ServiceLevelObjective'))).toHaveLength(3);
    for (const key of KEYS) {
      const s = slo(prod, `production-${key}`);
      expect(s.Goal).toEqual({
        AttainmentGoal: key === 'api-latency' ? 99 : 99.9,
        WarningThreshold: 50,
        Interval: { RollingInterval: { Duration: 28, DurationUnit: 'DAY' } },
      });
      // LookBackWindowMinutes: 1-10080 (BurnRateConfiguration)
      expect(s.BurnRateConfigurations).toEqual([5, 30, 60, 360, 4320].map((m) => ({ LookBackWindowMinutes: m })));
      for (const { LookBackWindowMinutes: m } of s.BurnRateConfigurations) expect(m).toBeLessThanOrEqual(10080);
      expect(s.Name).toMatch(/^[0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z]$/);
    }
  });

  test('availability counts target 5xx against all requests of the target group', () => {
    const sli = slo(prod, 'production-api-availability').RequestBasedSli.RequestBasedSliMetric;
    // Both target groups of the native deployment, summed: traffic moves to the other one with each release.
    expect(sli.MonitoredRequestCountMetric.BadCountMetric).toHaveLength(3);
    for (const id of ['bad0', 'bad1']) {
      expect(sli.MonitoredRequestCountMetric.BadCountMetric.find((q: any) => q.Id === id)).toMatchObject({
        ReturnData: false,
        MetricStat: { Period: 60, Stat: 'Sum', Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count' } },
      });
    }
    expect(sli.MonitoredRequestCountMetric.BadCountMetric[2]).toEqual({ Id: 'bad', ReturnData: true, Expression: 'FILL(bad0, 0) + FILL(bad1, 0)' });
    expect(JSON.stringify(sli.MonitoredRequestCountMetric.BadCountMetric)).toContain('BackendAlternateTargetGroup');
    expect(sli.TotalRequestCountMetric[0].MetricStat).toMatchObject({ Period: 60, Stat: 'Sum', Metric: { MetricName: 'RequestCount' } });
    expect(sli.TotalRequestCountMetric[2]).toEqual({ Id: 'total', ReturnData: true, Expression: 'FILL(total0, 0) + FILL(total1, 0)' });
    const dims = sli.TotalRequestCountMetric[0].MetricStat.Metric.Dimensions.map((d: any) => d.Name);
    expect(dims.sort()).toEqual(['LoadBalancer', 'TargetGroup']);
    expect(JSON.stringify(slo(prod, 'production-web-availability').RequestBasedSli)).toContain('FrontendTargetGroup');
    expect(JSON.stringify(slo(prod, 'production-api-availability').RequestBasedSli)).toContain('BackendTargetGroup');
  });

  test('latency counts responses at or under the threshold (trimmed count) against every response', () => {
    const sli = slo(prod, 'production-api-latency').RequestBasedSli.RequestBasedSliMetric;
    expect(sli.MonitoredRequestCountMetric.GoodCountMetric[0].MetricStat).toMatchObject({ Stat: 'TC(:1)', Metric: { MetricName: 'TargetResponseTime' } });
    expect(sli.TotalRequestCountMetric[0].MetricStat).toMatchObject({ Stat: 'SampleCount', Metric: { MetricName: 'TargetResponseTime' } });
    expect(slo(staging, 'staging-api-latency').RequestBasedSli.RequestBasedSliMetric.MonitoredRequestCountMetric.GoodCountMetric[0].MetricStat.Stat).toBe('TC(:0.5)');
  });

  test('objectives and windows come from config', () => {
    expect(slo(staging, 'staging-api-availability').Goal).toMatchObject({ AttainmentGoal: 99.5, Interval: { RollingInterval: { Duration: 30, DurationUnit: 'DAY' } } });
    expect(slo(staging, 'staging-web-availability').Goal).toMatchObject({ AttainmentGoal: 99, Interval: { RollingInterval: { Duration: 14, DurationUnit: 'DAY' } } });
  });
});

describe('burn-rate alerting', () => {
  const burnInput = (t: Template, name: string, sloName: string, windowMinutes: number, factor: number) => {
    const a = alarm(t, name);
    expect(a).toMatchObject({ EvaluationPeriods: 1, Threshold: factor, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    const stat = metricStatOf(a);
    expect(stat).toMatchObject({ Metric: { Namespace: 'AWS/ApplicationSignals', MetricName: 'BurnRate' }, Stat: 'Maximum', Period: 60 });
    expect(stat.Metric.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'SloName', Value: sloName },
        { Name: 'BurnRateWindowMinutes', Value: String(windowMinutes) },
      ]),
    );
    // An input notifies only through its composite.
    expect(a.AlarmActions).toBeUndefined();
    return a;
  };

  test.each(KEYS)('%s: fast burn pages when 14.4x over 1 h and 5 min agree, held back while another page fires', (key) => {
    const h1 = burnInput(prod, `production-slo-${key}-burn-1h`, `production-${key}`, 60, 14.4);
    const m5 = burnInput(prod, `production-slo-${key}-burn-5m`, `production-${key}`, 5, 14.4);
    const fast = composite(prod, `production-slo-${key}-fast-burn`);
    expect(ruleOf(fast)).toBe(`(ALARM("${h1.logicalId}") AND ALARM("${m5.logicalId}"))`);
    expect(topicOf(fast.AlarmActions)).toBe('critical');
    expect(fast.OKActions).toEqual(fast.AlarmActions);
    expect(fast.ActionsSuppressor).toEqual({ 'Fn::GetAtt': [composite(prod, 'production-already-paging').logicalId, 'Arn'] });
    expect([fast.ActionsSuppressorWaitPeriod, fast.ActionsSuppressorExtensionPeriod]).toEqual([180, 600]);
  });

  test.each(KEYS)('%s: slow burn pages in production when 6x over 6 h and 30 min agree', (key) => {
    const h6 = burnInput(prod, `production-slo-${key}-burn-6h`, `production-${key}`, 360, 6);
    const m30 = burnInput(prod, `production-slo-${key}-burn-30m`, `production-${key}`, 30, 6);
    const slow = composite(prod, `production-slo-${key}-slow-burn`);
    expect(ruleOf(slow)).toBe(`(ALARM("${h6.logicalId}") AND ALARM("${m30.logicalId}"))`);
    expect(topicOf(slow.AlarmActions)).toBe('critical');
    expect(slow.ActionsSuppressorWaitPeriod).toBe(180);
  });

  test('slow burn only warns where config says so, without waiting for a page', () => {
    const slow = composite(staging, 'staging-slo-api-availability-slow-burn');
    expect(topicOf(slow.AlarmActions)).toBe('warning');
    expect(slow.ActionsSuppressor).toBeUndefined();
  });

  test.each(KEYS)('%s: a 1x burn over 3 days warns', (key) => {
    const budget = alarm(prod, `production-slo-${key}-budget-burn`);
    expect(budget).toMatchObject({ Threshold: 1, EvaluationPeriods: 1 });
    expect(metricStatOf(budget)).toMatchObject({ Metric: { MetricName: 'BurnRate' }, Period: 60 });
    expect(metricStatOf(budget).Metric.Dimensions).toContainEqual({ Name: 'BurnRateWindowMinutes', Value: '4320' });
    expect(topicOf(budget.AlarmActions)).toBe('warning');
  });

  test('already-paging is any alarm that paged before the SLOs, site down included, and notifies nobody', () => {
    const suppressor = composite(prod, 'production-already-paging');
    expect(suppressor.AlarmActions).toBeUndefined();
    const rule = ruleOf(suppressor);
    for (const name of ['site-down', 'backend-5xx-rate', 'frontend-5xx-rate', 'alb-5xx-rate', 'database-connection-down']) {
      const id = name === 'site-down' ? composite(prod, 'production-site-down').logicalId : alarm(prod, `production-${name}`).logicalId;
      expect(rule).toContain(`ALARM("${id}")`);
    }
    expect(rule).not.toMatch(/Slo|Canary/);
  });
});

describe('time to page', () => {
  /** Minutes until a window's burn rate crosses `factor` when the error rate is `burn` times the allowed one. */
  const minutesToCross = (factor: number, burn: number, windowMinutes: number) => (factor / burn) * windowMinutes;

  test('a full outage pages once within 3 minutes: through site down or the 5xx rate, the burn page held back meanwhile', () => {
    const siteDownMembers = ['api-health-check-failing', 'web-health-check-failing', 'backend-no-healthy-targets', 'frontend-no-healthy-targets'].map((n) =>
      alarm(prod, `production-${n}`),
    );
    // Metric alarms, or metric math over both target groups (the period is on the metrics then).
    const period = (m: any): number => m.Period ?? Math.max(...m.Metrics.filter((q: any) => q.MetricStat).map((q: any) => q.MetricStat.Period));
    for (const m of siteDownMembers) expect(period(m) * m.EvaluationPeriods).toBeLessThanOrEqual(180);
    const fiveXx = alarm(prod, 'production-backend-5xx-rate');
    expect(fiveXx.EvaluationPeriods * 60).toBeLessThanOrEqual(180);
    // At 100% errors of a 99.9% objective the burn rate is 1000; the slower window of the pair decides.
    const fastBurnMinutes = Math.max(minutesToCross(BURN_RATE_RULES.fast.factor, 1000, 60), minutesToCross(BURN_RATE_RULES.fast.factor, 1000, 5)) + 1;
    expect(fastBurnMinutes).toBeCloseTo(1.86, 2);
    // The burn page fires before the others could; it waits as long as they may take, so it never pages twice.
    expect(SUPPRESSOR_WAIT.toSeconds()).toBeGreaterThanOrEqual(180);
    // After recovery the 5-minute window needs 5 minutes plus an alarm period to fall back under 14.4.
    expect(SUPPRESSOR_EXTENSION.toMinutes()).toBeGreaterThanOrEqual(BURN_RATE_RULES.fast.shortMinutes + 1);
  });

  test('10x the allowed error rate pages after 3.6 hours (slow burn) and warns after 7.2 hours; the fast burn never fires', () => {
    const threshold = (name: string) => alarm(prod, `production-slo-api-availability-${name}`).Threshold as number;
    expect(10).toBeLessThan(threshold('burn-1h'));
    expect(minutesToCross(threshold('burn-6h'), 10, 360) / 60).toBeCloseTo(3.6, 5);
    expect(minutesToCross(threshold('burn-30m'), 10, 30)).toBeCloseTo(18, 5);
    expect(minutesToCross(threshold('budget-burn'), 10, 4320) / 60).toBeCloseTo(7.2, 5);
  });
});

describe('canary', () => {
  test('runs the site journey on the newest Playwright runtime, never a deprecated one', () => {
    const canary = byName(prod, 'AWS::Synthetics::Canary', 'production-site-journey');
    expect(canary.RuntimeVersion).toBe('syn-nodejs-playwright-6.0');
    expect(DEPRECATED_CANARY_RUNTIMES).not.toContain(canary.RuntimeVersion);
    const playwright = Object.values(synthetics.Runtime)
      .filter((r): r is synthetics.Runtime => r instanceof synthetics.Runtime && r.name.startsWith('syn-nodejs-playwright-'))
      .map((r) => r.name.replace('syn-nodejs-playwright-', '').split('.').map(Number))
      .sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    expect(CANARY_RUNTIME.name).toBe(`syn-nodejs-playwright-${playwright[0].join('.')}`);
    expect(canary).toMatchObject({
      Code: { Handler: 'index.handler' },
      Schedule: { Expression: 'rate(5 minutes)' },
      StartCanaryAfterCreation: true,
      SuccessRetentionPeriod: 7,
      FailureRetentionPeriod: 31,
      ArtifactConfig: { S3Encryption: { EncryptionMode: 'SSE_S3' } },
      RunConfig: {
        TimeoutInSeconds: 120,
        EnvironmentVariables: { SITE_URL: 'https://flashcard-lms.com/', API_HEALTH_URL: 'https://api.flashcard-lms.com/health', STATUS_URL: 'https://status.flashcard-lms.com/' },
      },
    });
    expect(byName(staging, 'AWS::Synthetics::Canary', 'staging-site-journey').Schedule).toEqual({ Expression: 'rate(10 minutes)', DurationInSeconds: '0' });
  });

  test('keeps its artifacts in an encrypted, private, SSL-only, retained bucket that expires them', () => {
    const buckets = prod.findResources('AWS::S3::Bucket');
    const [id, bucket] = Object.entries<any>(buckets).find(([k]) => k.startsWith('CanaryArtifacts'))!;
    // RETAIN renders as RetainExceptOnCreate under the app's feature flags: kept once it was created.
    expect(bucket.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 31, NoncurrentVersionExpiration: { NoncurrentDays: 7 }, Status: 'Enabled' }] },
    });
    prod.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('two failed runs in a row page, held back while another page fires', () => {
    const input = alarm(prod, 'production-canary-journey-failing');
    expect(input).toMatchObject({
      Namespace: 'CloudWatchSynthetics',
      MetricName: 'SuccessPercent',
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 100,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    const page = composite(prod, 'production-canary-failing');
    expect(ruleOf(page)).toBe(`(ALARM("${input.logicalId}"))`);
    expect(topicOf(page.AlarmActions)).toBe('critical');
    expect(page.ActionsSuppressor).toEqual({ 'Fn::GetAtt': [composite(prod, 'production-already-paging').logicalId, 'Arn'] });
    expect(alarm(staging, 'staging-canary-journey-failing').Period).toBe(600);
  });
});

describe('anomaly detection', () => {
  const band = (a: any) => a.Metrics.find((m: any) => m.Expression);
  const metric = (a: any) => a.Metrics.find((m: any) => m.MetricStat).MetricStat;

  test('a sudden drop in requests below the band for 15 minutes warns, and silence counts as a drop', () => {
    const a = alarm(prod, 'production-requests-drop');
    expect(a).toMatchObject({
      ComparisonOperator: 'LessThanLowerThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'breaching',
      ThresholdMetricId: band(a).Id,
    });
    expect(band(a).Expression).toMatch(/^ANOMALY_DETECTION_BAND\(\w+, 3\)$/);
    expect(metric(a)).toMatchObject({ Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount' }, Period: 300, Stat: 'Sum' });
    expect(topicOf(a.AlarmActions)).toBe('warning');
  });

  test('API latency drifting above the band for 15 minutes warns', () => {
    const a = alarm(prod, 'production-latency-drift');
    expect(a).toMatchObject({ ComparisonOperator: 'GreaterThanUpperThreshold', EvaluationPeriods: 3, TreatMissingData: 'notBreaching' });
    expect(metric(a)).toMatchObject({ Metric: { MetricName: 'TargetResponseTime' }, Period: 300, Stat: 'p90' });
    expect(topicOf(a.AlarmActions)).toBe('warning');
  });
});

test("the dashboard shows each SLO's budget left and burn rates", () => {
  const body = JSON.stringify(Object.values<any>(prod.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
  for (const key of KEYS) expect(body).toContain(`production-${key}`);
  expect(body).toContain('AttainmentRate');
  expect(body).toContain('100 * (attainment - 99.9) / 0.1');
  expect(body).toContain('BurnRateWindowMinutes');
});

describe('a second region to run the canary from', () => {
  test('is a small stack there: the same journey, its own bucket, a warning to its own topic', () => {
    expect(stages[0].canaryRegion).toBeUndefined();
    const stack = stages[1].canaryRegion!;
    expect([stack.region, stack.stackName]).toEqual(['eu-central-1', 'flashcard-lms-staging-canary']);
    const t = Template.fromStack(stack);
    const canary = byName(t, 'AWS::Synthetics::Canary', 'staging-site-journey');
    expect(canary).toMatchObject({ RuntimeVersion: CANARY_RUNTIME.name, Schedule: { Expression: 'rate(10 minutes)' } });
    expect(canary.RunConfig.EnvironmentVariables).toEqual(byName(staging, 'AWS::Synthetics::Canary', 'staging-site-journey').RunConfig.EnvironmentVariables);
    t.resourceCountIs('AWS::S3::Bucket', 1);
    const a = alarm(t, 'staging-canary-eu-central-1-failing');
    expect(a).toMatchObject({
      MetricName: 'SuccessPercent',
      Period: 600,
      EvaluationPeriods: 2,
      Threshold: 100,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    const warningTopic = Object.keys(t.findResources('AWS::SNS::Topic', { Properties: { TopicName: 'staging-flashcard-lms-warning' } }))[0];
    expect(a.AlarmActions).toEqual([{ Ref: warningTopic }]);
    // Nothing in that region pages: the only subscription is the warning one.
    expect(Object.values<any>(t.findResources('AWS::SNS::Subscription')).map((r) => [r.Properties.TopicArn, r.Properties.Endpoint])).toEqual([
      [{ Ref: warningTopic }, 'platform-staging@flashcard-lms.com'],
    ]);
  });

  test('cdk-nag reports no unacknowledged error in either environment', () => {
    expect(describeFindings(findings)).toEqual([]);
  });
});
