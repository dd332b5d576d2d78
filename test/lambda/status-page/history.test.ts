import { CloudWatchClient, GetMetricDataCommand, GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import {
  dailyBars,
  dayStatus,
  DEGRADED_FROM,
  HISTORY_DAYS,
  historyWindow,
  isoDate,
  OPERATIONAL_FROM,
  passedPercent,
  uptimeOverDays,
} from '../../../lambda/status-page/daily-history';
import { MAX_METRIC_PAGES, readHealthMetrics } from '../../../lambda/status-page/health-metrics';
import { settings } from './fixtures';

const cloudwatch = mockClient(CloudWatchClient);
beforeEach(() => cloudwatch.reset());

describe('the 90-day window', () => {
  test('90 UTC days, today last, queried from the oldest midnight to the next', () => {
    const w = historyWindow(new Date('2030-03-01T10:00:00Z'));
    expect(HISTORY_DAYS).toBe(90);
    expect(w.dates).toHaveLength(90);
    expect([w.dates[0], w.dates[1], w.dates.at(-1)]).toEqual(['2029-12-02', '2029-12-03', '2030-03-01']);
    expect(w.start).toEqual(new Date('2029-12-02T00:00:00Z'));
    expect(w.end).toEqual(new Date('2030-03-02T00:00:00Z'));
  });

  test('the day turns at UTC midnight, not a millisecond earlier', () => {
    const before = historyWindow(new Date('2030-03-01T23:59:59.999Z'));
    const at = historyWindow(new Date('2030-03-02T00:00:00.000Z'));
    expect([before.dates[0], before.dates.at(-1), before.end.toISOString()]).toEqual(['2029-12-02', '2030-03-01', '2030-03-02T00:00:00.000Z']);
    expect([at.dates[0], at.dates.at(-1), at.end.toISOString()]).toEqual(['2029-12-03', '2030-03-02', '2030-03-03T00:00:00.000Z']);
  });

  test('a point belongs to the UTC day it falls in: the last millisecond before midnight, midnight, the one after', () => {
    const midnight = Date.parse('2030-03-02T00:00:00.000Z');
    expect([isoDate(midnight - 1), isoDate(midnight), isoDate(midnight + 1)]).toEqual(['2030-03-01', '2030-03-02', '2030-03-02']);
  });

  test('30 days are today and the 29 before it: the day 30 days ago counts only for 90 days', () => {
    const { dates } = historyWindow(new Date('2030-03-01T10:00:00Z'));
    const day = (daysAgo: number, passed: number) => ({ date: dates[89 - daysAgo], passed, checks: 100 });
    expect([dates[89 - 29], dates[89 - 30]]).toEqual(['2030-01-31', '2030-01-30']);
    expect(uptimeOverDays(dates, [day(29, 50)], 30)).toBe(50);
    expect(uptimeOverDays(dates, [day(30, 50)], 30)).toBeNull();
    expect(uptimeOverDays(dates, [day(29, 50), day(30, 100), day(89, 0)], 90)).toBe(50);
  });

  test('a shorter window when asked', () => {
    expect(historyWindow(new Date('2030-03-01T10:00:00Z'), 2).dates).toEqual(['2030-02-28', '2030-03-01']);
  });
});

describe('a day in numbers', () => {
  test.each([
    [1440, 1440, 100],
    [1439, 1440, 99.93],
    [1, 3, 33.333],
    [2, 3, 66.666],
    [0, 1440, 0],
    [0, 0, null],
  ])('%d passed of %d checks is %p %', (passed, checks, expected) => {
    expect(passedPercent(passed, checks)).toBe(expected);
  });

  test('one failed check in a million still reads below 100', () => {
    expect(passedPercent(999_999, 1_000_000)).toBe(99.999);
  });

  test.each([
    [null, 'no_data'],
    [100, 'operational'],
    [OPERATIONAL_FROM, 'operational'],
    [99.899, 'degraded'],
    [DEGRADED_FROM, 'degraded'],
    [98.999, 'outage'],
    [0, 'outage'],
  ])('a day at %p % is %s', (uptime, expected) => {
    expect(dayStatus(uptime)).toBe(expected);
  });

  test('thresholds: green up to one failed check in 1,440, yellow up to about 14 minutes', () => {
    expect([OPERATIONAL_FROM, DEGRADED_FROM]).toEqual([99.9, 99]);
    expect(dayStatus(passedPercent(1439, 1440))).toBe('operational');
    expect(dayStatus(passedPercent(1438, 1440))).toBe('degraded');
    expect(dayStatus(passedPercent(1426, 1440))).toBe('degraded');
    expect(dayStatus(passedPercent(1425, 1440))).toBe('outage');
  });
});

describe('bars and uptime over days', () => {
  const dates = ['2030-01-01', '2030-01-02', '2030-01-03'];

  test('one bar per date, oldest first; days without totals are no data; totals outside the dates are ignored', () => {
    expect(
      dailyBars(dates, [
        { date: '2030-01-03', passed: 1, checks: 2 },
        { date: '2030-01-01', passed: 1440, checks: 1440 },
        { date: '2029-12-31', passed: 0, checks: 1440 },
      ]),
    ).toEqual([
      { date: '2030-01-01', uptime: 100, status: 'operational' },
      { date: '2030-01-02', uptime: null, status: 'no_data' },
      { date: '2030-01-03', uptime: 50, status: 'outage' },
    ]);
  });

  test('weighted by checks: a half day of failures weighs half a full one', () => {
    const totals = [
      { date: '2030-01-01', passed: 1440, checks: 1440 },
      { date: '2030-01-02', passed: 0, checks: 720 },
      { date: '2030-01-03', passed: 720, checks: 720 },
    ];
    expect(uptimeOverDays(dates, totals, 3)).toBe(75);
    expect(uptimeOverDays(dates, totals, 2)).toBe(50);
    expect(uptimeOverDays(dates, totals, 1)).toBe(100);
    // A day before the window never counts, even when it is in the totals.
    expect(uptimeOverDays(dates.slice(1), totals, 3)).toBe(50);
    expect(uptimeOverDays(dates, [], 3)).toBeNull();
  });
});

describe('reading day totals from CloudWatch', () => {
  const at = (iso: string) => new Date(iso);
  const answer = (series: Record<string, [string, number][]>) => (input: GetMetricDataCommandInput) => ({
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
      Id: q.Id,
      Timestamps: (series[q.Id ?? ''] ?? []).map(([t]) => at(t)),
      Values: (series[q.Id ?? ''] ?? []).map(([, v]) => v),
    })),
  });

  test('sums and sample counts are joined by UTC day, sorted; a day without checks is left out; a day without a sum passed nothing', async () => {
    cloudwatch.on(GetMetricDataCommand).callsFake(
      answer({
        passed_api: [
          ['2030-03-01T00:00:00Z', 700],
          ['2030-02-28T00:00:00Z', 1440],
        ],
        checks_api: [
          ['2030-03-01T00:00:00Z', 720],
          ['2030-02-27T00:00:00Z', 10],
          ['2030-02-28T00:00:00Z', 1440],
          ['2030-02-26T00:00:00Z', 0],
        ],
      }),
    );
    const metrics = await readHealthMetrics(new CloudWatchClient({}), settings, new Date('2030-03-01T12:00:00Z'));
    expect(metrics.api.daily).toEqual([
      { date: '2030-02-27', passed: 0, checks: 10 },
      { date: '2030-02-28', passed: 1440, checks: 1440 },
      { date: '2030-03-01', passed: 700, checks: 720 },
    ]);
    expect(metrics.web.daily).toEqual([]);
  });

  test('a result without an id, or with fewer values than timestamps, adds nothing it cannot pair', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Timestamps: [at('2030-03-01T00:00:00Z')], Values: [5] },
        { Id: 'checks_api', Timestamps: [at('2030-03-01T00:00:00Z'), at('2030-02-28T00:00:00Z')], Values: [720] },
        { Id: 'passed_api', Timestamps: [at('2030-03-01T00:00:00Z')], Values: [700, 1] },
        { Id: 'checks_web', Values: [10] },
        { Id: 'checks_database', Timestamps: [at('2030-03-01T00:00:00Z')] },
        { Id: 'latest_api' },
      ],
    });
    const metrics = await readHealthMetrics(new CloudWatchClient({}), settings, new Date('2030-03-01T12:00:00Z'));
    expect(metrics.api.daily).toEqual([{ date: '2030-03-01', passed: 700, checks: 720 }]);
    expect([metrics.web.daily, metrics.database.daily, metrics.api.latest, metrics.api.day]).toEqual([[], [], undefined, []]);
  });

  test('an endless NextToken stops after the page cap, per call', async () => {
    // Endless for far longer than the cap (then it ends, so a missing cap fails here instead of hanging).
    let calls = 0;
    cloudwatch.on(GetMetricDataCommand).callsFake(() => ({ MetricDataResults: [], NextToken: ++calls < 100 ? 'again' : undefined }));
    await readHealthMetrics(new CloudWatchClient({}), settings, new Date('2030-03-01T12:00:00Z'));
    expect(MAX_METRIC_PAGES).toBe(10);
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(2 * MAX_METRIC_PAGES);
  });

  test('points of one query on several pages are joined in page order', async () => {
    const t = (minutes: number) => new Date(Date.parse('2030-03-01T12:00:00Z') - minutes * 60_000);
    cloudwatch
      .on(GetMetricDataCommand, { NextToken: undefined })
      .resolves({ MetricDataResults: [{ Id: 'day_api', Timestamps: [t(5), t(10)], Values: [1, 0.5] }], NextToken: 'p2' })
      .on(GetMetricDataCommand, { NextToken: 'p2' })
      .resolves({
        MetricDataResults: [
          { Id: 'day_api', Timestamps: [t(15)], Values: [0] },
          { Id: 'day_web', Timestamps: [t(5)], Values: [1] },
        ],
      });
    const metrics = await readHealthMetrics(new CloudWatchClient({}), settings, new Date('2030-03-01T12:00:00Z'));
    expect([metrics.api.day, metrics.web.day]).toEqual([[1, 0.5, 0], [1]]);
    expect(cloudwatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, undefined, 'p2', 'p2']);
  });

  test('the latest point is the newest by time, whatever order the points come in; timestamps without values are dropped', async () => {
    const t = (minutes: number) => new Date(Date.parse('2030-03-01T12:00:00Z') - minutes * 60_000);
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'latest_api', Timestamps: [t(3), t(1), t(2)], Values: [0, 1, 0.5] },
        { Id: 'day_api', Timestamps: [t(5), t(10), t(15)], Values: [1, 0.25] },
        { Id: 'day_web', Timestamps: [t(5)] },
      ],
    });
    const metrics = await readHealthMetrics(new CloudWatchClient({}), settings, new Date('2030-03-01T12:00:00Z'));
    expect(metrics.api.latest).toEqual({ timestamp: t(1), value: 1 });
    // Strict: an unpaired timestamp must not leave an `undefined` value behind.
    expect([metrics.api.day, metrics.web.day]).toStrictEqual([[1, 0.25], []]);
  });

  test('the 24-hour query ends at the last whole minute: it moves at the minute, not a millisecond earlier', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    for (const now of ['2030-03-01T12:00:59.999Z', '2030-03-01T12:01:00.000Z']) await readHealthMetrics(new CloudWatchClient({}), settings, new Date(now));
    const recent = cloudwatch
      .commandCalls(GetMetricDataCommand)
      .map((c) => c.args[0].input)
      .filter((i) => i.MetricDataQueries?.[0].Id === 'latest_api')
      .map((i) => [i.StartTime?.toISOString(), i.EndTime?.toISOString()]);
    expect(recent).toEqual([
      ['2030-02-28T12:00:00.000Z', '2030-03-01T12:00:00.000Z'],
      ['2030-02-28T12:01:00.000Z', '2030-03-01T12:01:00.000Z'],
    ]);
  });

  test('the history query moves at UTC midnight', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    await readHealthMetrics(new CloudWatchClient({}), settings, new Date('2030-03-01T23:59:59.999Z'));
    await readHealthMetrics(new CloudWatchClient({}), settings, new Date('2030-03-02T00:00:00.000Z'));
    const history = cloudwatch
      .commandCalls(GetMetricDataCommand)
      .map((c) => c.args[0].input)
      .filter((i) => i.MetricDataQueries?.[0].Id === 'passed_api')
      .map((i) => [i.StartTime?.toISOString(), i.EndTime?.toISOString()]);
    expect(history).toEqual([
      ['2029-12-02T00:00:00.000Z', '2030-03-02T00:00:00.000Z'],
      ['2029-12-03T00:00:00.000Z', '2030-03-03T00:00:00.000Z'],
    ]);
  });
});
