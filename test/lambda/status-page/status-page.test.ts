import { CloudWatchClient, DescribeAlarmHistoryCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { loadStatus } from '../../../lambda/status-page/load-status';
import { overallStatus, ServiceStatus } from '../../../lambda/status-page/model';
import { SnapshotCache } from '../../../lambda/status-page/snapshot-cache';
import { handleRequest } from '../../../lambda/status-page/status-page';
import { MAX_PAGES_PER_ALARM, pairIncidents, readAlarmHistory } from '../../../lambda/status-page/incidents';
import { createHash } from 'node:crypto';
import { albEvent, HISTORY, metricData, NOTICES, NOW, SERIES, settings } from './fixtures';

const cloudwatch = mockClient(CloudWatchClient);

beforeEach(() => {
  cloudwatch.reset();
  cloudwatch.on(GetMetricDataCommand).callsFake((input) => metricData(input));
  cloudwatch.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: HISTORY });
});

/** The page as the Lambda serves it, over a cache driven by a fake clock. */
function page(overrides: Partial<typeof settings> = {}) {
  let clock = NOW.getTime();
  const logs: Record<string, unknown>[] = [];
  const cfg = { ...settings, ...overrides };
  const cache = new SnapshotCache(
    () => loadStatus(new CloudWatchClient({}), cfg, new Date(clock)),
    cfg.cacheMs,
    () => clock,
  );
  return {
    request: (path: string, method = 'GET', multiValue = false) =>
      handleRequest(albEvent(path, method, multiValue), {
        snapshot: () => cache.get(),
        log: (level, message, fields) => logs.push({ level: level.toUpperCase(), message, ...fields }),
        now: () => clock,
        pageUrl: cfg.pageUrl,
      }),
    advance: (ms: number) => {
      clock += ms;
    },
    logs,
  };
}

/** The public part of an incident id: the alarm's name, hashed. */
const hashOf = (alarm: string) => createHash('sha256').update(alarm).digest('hex').slice(0, 12);

const cloudwatchCalls = () => cloudwatch.commandCalls(GetMetricDataCommand).length + cloudwatch.commandCalls(DescribeAlarmHistoryCommand).length;

describe('JSON', () => {
  test('overall, per-service status, uptime and incidents from the mocked CloudWatch data', async () => {
    const res = await page().request('/status.json');

    expect(res.statusCode).toBe(200);
    expect(res.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=30',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    const json = JSON.parse(res.body ?? '');
    const histories = Object.fromEntries(Object.entries<{ history: unknown[] }>(json.services).map(([id, svc]) => [id, svc.history]));
    for (const svc of Object.values<{ history?: unknown }>(json.services)) delete svc.history;
    expect(json).toEqual({
      site: 'Flashcard LMS',
      environment: 'production',
      status: 'degraded',
      services: {
        api: { name: 'API', status: 'operational', last_checked: '2030-01-08T11:59:30.000Z', uptime: { '24h': 87.5, '30d': 99.995, '90d': 99.927 } },
        web: { name: 'Web app', status: 'operational', last_checked: '2030-01-08T11:59:30.000Z', uptime: { '24h': 100, '30d': 100, '90d': 100 } },
        database: { name: 'Database', status: 'outage', last_checked: '2030-01-08T11:59:30.000Z', uptime: { '24h': 66.666, '30d': 99.929, '90d': 99.976 } },
        cache: { name: 'Cache', status: 'unknown', last_checked: '2030-01-08T11:49:30.000Z', uptime: { '24h': null, '30d': null, '90d': null } },
      },
      incidents: [
        {
          id: `${hashOf('production-database-down')}-20300108T113030Z`,
          title: 'Database unavailable',
          summary: 'Saving and loading cards fails.',
          start: '2030-01-08T11:30:30.000Z',
          end: null,
          ongoing: true,
          started_before_window: false,
        },
        {
          id: `${hashOf('production-api-5xx-rate')}-20300105T120030Z`,
          title: 'Elevated API errors',
          summary: 'Some requests to the API fail.',
          start: '2030-01-05T12:00:30.000Z',
          end: '2030-01-05T12:42:30.000Z',
          ongoing: false,
          started_before_window: false,
        },
        {
          id: `${hashOf('production-redis-memory')}-until-20300102T120030Z`,
          title: 'Slow responses',
          summary: 'Pages load slowly.',
          start: '2030-01-01T12:00:30.000Z',
          end: '2030-01-02T12:00:30.000Z',
          ongoing: false,
          started_before_window: true,
        },
      ],
      last_updated: '2030-01-08T12:00:30.000Z',
      stale: false,
    });
    // 90 bars each, oldest first, today last; the API's first 30 days without checks.
    for (const days of Object.values(histories)) expect(days).toHaveLength(90);
    expect(histories.api.slice(0, 31)).toEqual(expect.arrayContaining([{ date: '2029-10-11', uptime: null, status: 'no_data' }]));
    expect(histories.api.slice(29, 31)).toEqual([
      { date: '2029-11-09', uptime: null, status: 'no_data' },
      { date: '2029-11-10', uptime: 100, status: 'operational' },
    ]);
    expect(histories.api[49]).toEqual({ date: '2029-11-29', uptime: 95.833, status: 'outage' });
    expect(histories.api.at(-1)).toEqual({ date: '2030-01-08', uptime: 99.722, status: 'degraded' });
    expect(histories.database.at(-1)).toEqual({ date: '2030-01-08', uptime: 95.833, status: 'outage' });
    expect(new Set(histories.web.map((d) => JSON.stringify([(d as { status: string }).status, (d as { uptime: number }).uptime])))).toEqual(new Set(['["operational",100]']));
    expect(new Set(histories.cache.map((d) => (d as { status: string }).status))).toEqual(new Set(['no_data']));
    expect((await page().request('/api/status')).body).toBe(res.body);
  });

  test('asks CloudWatch for the Healthy metric with periods that fit its limits, and for 7 days of state changes', async () => {
    await loadStatus(new CloudWatchClient({}), settings, NOW);

    const calls = cloudwatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    const [day, month] = calls;
    expect(day.StartTime).toEqual(new Date('2030-01-07T12:00:00.000Z'));
    expect(day.EndTime).toEqual(new Date('2030-01-08T12:00:00.000Z'));
    expect(day.MetricDataQueries?.map((q) => [q.Id, q.MetricStat?.Period, q.MetricStat?.Stat])).toEqual([
      ['latest_api', 60, 'Average'],
      ['day_api', 300, 'Average'],
      ['latest_web', 60, 'Average'],
      ['day_web', 300, 'Average'],
      ['latest_database', 60, 'Average'],
      ['day_database', 300, 'Average'],
      ['latest_cache', 60, 'Average'],
      ['day_cache', 300, 'Average'],
    ]);
    expect(day.MetricDataQueries?.[0].MetricStat?.Metric).toEqual({
      Namespace: 'FlashcardLMS/Health',
      MetricName: 'Healthy',
      Dimensions: [
        { Name: 'Environment', Value: 'production' },
        { Name: 'Check', Value: 'api' },
      ],
    });
    // 90 whole UTC days, today included; 1-day periods (a multiple of 3600 s, as data older than 63 days needs).
    expect(month.StartTime).toEqual(new Date('2029-10-11T00:00:00.000Z'));
    expect(month.EndTime).toEqual(new Date('2030-01-09T00:00:00.000Z'));
    expect(month.MetricDataQueries?.map((q) => [q.Id, q.MetricStat?.Period, q.MetricStat?.Stat])).toEqual([
      ['passed_api', 86400, 'Sum'],
      ['checks_api', 86400, 'SampleCount'],
      ['passed_web', 86400, 'Sum'],
      ['checks_web', 86400, 'SampleCount'],
      ['passed_database', 86400, 'Sum'],
      ['checks_database', 86400, 'SampleCount'],
      ['passed_cache', 86400, 'Sum'],
      ['checks_cache', 86400, 'SampleCount'],
    ]);
    expect(month.MetricDataQueries?.[7].MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'Environment', Value: 'production' },
      { Name: 'Check', Value: 'cache' },
    ]);
    expect(calls.every((c) => c.ScanBy === 'TimestampDescending' && c.MetricDataQueries?.every((q) => q.ReturnData === true))).toBe(true);

    // One call per public alarm, by name: the function may read only the environment's alarms.
    expect(cloudwatch.commandCalls(DescribeAlarmHistoryCommand).map((c) => c.args[0].input)).toEqual(
      Object.keys(NOTICES).map((AlarmName) => ({
        AlarmName,
        HistoryItemType: 'StateUpdate',
        AlarmTypes: ['MetricAlarm'],
        StartDate: new Date('2030-01-01T12:00:30.000Z'),
        EndDate: NOW,
        ScanBy: 'TimestampAscending',
        MaxRecords: 100,
        NextToken: undefined,
      })),
    );
  });

  test('follows NextToken pages of both APIs', async () => {
    cloudwatch
      .on(DescribeAlarmHistoryCommand, { AlarmName: 'production-api-5xx-rate', NextToken: undefined })
      .resolves({ AlarmHistoryItems: HISTORY.slice(1, 2), NextToken: 'p2' });
    cloudwatch.on(DescribeAlarmHistoryCommand, { AlarmName: 'production-api-5xx-rate', NextToken: 'p2' }).resolves({ AlarmHistoryItems: HISTORY.slice(2, 3) });
    cloudwatch.on(GetMetricDataCommand, { NextToken: undefined }).callsFake((input) => ({ ...metricData(input, {}), NextToken: 'more' }));
    cloudwatch.on(GetMetricDataCommand, { NextToken: 'more' }).callsFake((input) => metricData(input));
    const snapshot = await loadStatus(new CloudWatchClient({}), settings, NOW);
    expect(snapshot.incidents).toHaveLength(3);
    expect(snapshot.services.api.uptime).toEqual({ '24h': 87.5, '30d': 99.995, '90d': 99.927 });
  });
  test('a service with no point in the last 24 hours was never checked: no time, unknown', async () => {
    cloudwatch.on(GetMetricDataCommand).callsFake((input) => metricData(input, { ...SERIES, latest_cache: [] }));
    const snapshot = await loadStatus(new CloudWatchClient({}), settings, NOW);
    expect(snapshot.services.cache).toMatchObject({ status: 'unknown', last_checked: null });
    expect(snapshot.services.api.last_checked).toBe('2030-01-08T11:59:30.000Z');
  });
});

describe('public incidents', () => {
  test('only configured alarms, shown with their title and text: no alarm name, reason, ARN or account id', async () => {
    const res = await page({ publicIncidents: { 'production-api-5xx-rate': NOTICES['production-api-5xx-rate'] } }).request('/status.json');
    const body = res.body ?? '';
    expect(JSON.parse(body).incidents.map((i: { title: string }) => i.title)).toEqual(['Elevated API errors']);
    for (const leak of ['production-', 'arn:', '111111111111', 'Threshold', '5xx responses above']) expect(body).not.toContain(leak);
    const html = (await page().request('/')).body ?? '';
    for (const leak of ['production-database-down', 'arn:', '111111111111', 'transitioned', 'Threshold']) expect(html).not.toContain(leak);
    expect(html).toContain('Database unavailable');
  });

  test('items of other alarms are dropped even when CloudWatch returns them', async () => {
    // The mock answers every call with the whole HISTORY, including staging and internal alarms.
    const snapshot = await loadStatus(new CloudWatchClient({}), { ...settings, publicIncidents: { 'production-database-down': NOTICES['production-database-down'] } }, NOW);
    expect(snapshot.incidents.map((i) => i.title)).toEqual(['Database unavailable']);
  });

  test('no public alarms configured: no alarm history is read', async () => {
    const snapshot = await loadStatus(new CloudWatchClient({}), { ...settings, publicIncidents: {} }, NOW);
    expect(snapshot.incidents).toEqual([]);
    expect(cloudwatch.commandCalls(DescribeAlarmHistoryCommand)).toHaveLength(0);
  });

  test('an alarm outside the prefix is never asked for', async () => {
    const items = await readAlarmHistory(new CloudWatchClient({}), 'production-', ['staging-api-5xx-rate', 'production-api-5xx-rate'], NOW);
    expect(cloudwatch.commandCalls(DescribeAlarmHistoryCommand).map((c) => c.args[0].input.AlarmName)).toEqual(['production-api-5xx-rate']);
    expect(new Set(items.map((i) => i.AlarmName))).toEqual(new Set(['production-api-5xx-rate']));
  });

  test('history in any order pairs the same incidents', () => {
    const shuffled = [HISTORY[2], HISTORY[5], HISTORY[0], HISTORY[1], HISTORY[4], HISTORY[3]];
    expect(pairIncidents(shuffled, NOTICES, NOW)).toEqual(pairIncidents(HISTORY, NOTICES, NOW));
    expect(pairIncidents([...HISTORY].reverse(), NOTICES, NOW).map((i) => [i.title, i.start, i.end])).toEqual([
      ['Database unavailable', '2030-01-08T11:30:30.000Z', null],
      ['Elevated API errors', '2030-01-05T12:00:30.000Z', '2030-01-05T12:42:30.000Z'],
      ['Slow responses', '2030-01-01T12:00:30.000Z', '2030-01-02T12:00:30.000Z'],
    ]);
  });

  test('an endless NextToken stops after the page cap, per alarm', async () => {
    // Endless for far longer than the cap (then it ends, so a missing cap fails here instead of hanging).
    let calls = 0;
    cloudwatch.on(DescribeAlarmHistoryCommand).callsFake(() => ({ AlarmHistoryItems: [], NextToken: ++calls < 100 ? 'again' : undefined }));
    await readAlarmHistory(new CloudWatchClient({}), 'production-', ['production-api-5xx-rate'], NOW);
    expect(cloudwatch.commandCalls(DescribeAlarmHistoryCommand)).toHaveLength(MAX_PAGES_PER_ALARM);
    expect(MAX_PAGES_PER_ALARM).toBe(10);
  });
});

describe('malformed events', () => {
  test.each([
    ['null', null, 'status-page event must be an ALB request (got null)'],
    ['an empty object', {}, 'status-page event: httpMethod must be a string (got nothing); path must be a string (got nothing)'],
    ['a path but no method', { path: '/' }, 'status-page event: httpMethod must be a string (got nothing)'],
  ])('%s fails with a clear error, never a TypeError', async (_name, event, message) => {
    const run = handleRequest(event as never, {
      snapshot: async () => {
        throw new Error('not reached');
      },
      log: () => undefined,
      now: () => NOW.getTime(),
      pageUrl: settings.pageUrl,
    });
    await expect(run).rejects.toThrow(message);
    await expect(run).rejects.not.toBeInstanceOf(TypeError);
  });
});

describe('overall status rules', () => {
  const cases: [ServiceStatus, ServiceStatus, ServiceStatus, ServiceStatus, string][] = [
    ['operational', 'operational', 'operational', 'operational', 'operational'],
    ['outage', 'operational', 'operational', 'operational', 'major_outage'],
    ['operational', 'outage', 'operational', 'operational', 'major_outage'],
    ['operational', 'operational', 'outage', 'operational', 'degraded'],
    ['operational', 'operational', 'operational', 'outage', 'degraded'],
    ['operational', 'operational', 'operational', 'unknown', 'degraded'],
    ['unknown', 'unknown', 'unknown', 'unknown', 'degraded'],
    ['degraded', 'operational', 'operational', 'operational', 'degraded'],
  ];
  test.each(cases)('api %s, web %s, database %s, cache %s: %s', (api, web, database, cache, expected) => {
    expect(overallStatus({ api: { status: api }, web: { status: web }, database: { status: database }, cache: { status: cache } })).toBe(expected);
  });

  test('the API down is a major outage on the page', async () => {
    cloudwatch.on(GetMetricDataCommand).callsFake((input) => metricData(input, { latest_api: [{ ageMs: 60_000, value: 0 }] }));
    const res = await page().request('/status.json');
    expect(JSON.parse(res.body ?? '').status).toBe('major_outage');
  });
});

describe('caching', () => {
  test('a second request within CACHE_SECONDS makes no CloudWatch call; one after it does', async () => {
    const p = page();
    await p.request('/');
    const first = cloudwatchCalls();
    expect(first).toBe(2 + Object.keys(NOTICES).length); // two GetMetricData, one DescribeAlarmHistory per public alarm
    p.advance(29_000);
    await p.request('/status.json');
    await p.request('/');
    expect(cloudwatchCalls()).toBe(first);
    p.advance(1_000);
    await p.request('/');
    expect(cloudwatchCalls()).toBe(2 * first);
  });

  test('concurrent requests during a refresh share one fetch', async () => {
    const p = page();
    await Promise.all(Array.from({ length: 20 }, (_, i) => p.request(i % 2 === 0 ? '/' : '/status.json')));
    expect(cloudwatchCalls()).toBe(2 + Object.keys(NOTICES).length);
  });

  test('/health answers without touching CloudWatch', async () => {
    const res = await page().request('/health');
    expect(res).toMatchObject({ statusCode: 200, body: 'ok' });
    expect(cloudwatchCalls()).toBe(0);
  });
});

describe('CloudWatch failing', () => {
  test('the last good snapshot is served, marked stale, and CloudWatch is not retried per request', async () => {
    const p = page();
    await p.request('/');
    p.advance(31_000);
    cloudwatch.on(GetMetricDataCommand).rejects(new Error('Throttling'));
    const calls = cloudwatchCalls();

    const json = await p.request('/status.json');
    const html = await p.request('/');

    expect(json.statusCode).toBe(200);
    expect(JSON.parse(json.body ?? '')).toMatchObject({ stale: true, status: 'degraded', last_updated: '2030-01-08T12:00:30.000Z' });
    expect(html.body).toContain('Status data could not be refreshed; showing the last known state from 2030-01-08 12:00 UTC.');
    expect(cloudwatchCalls()).toBe(calls + 2 + Object.keys(NOTICES).length); // one refresh attempt for both requests
    expect(p.logs).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'serving a stale status snapshot' }));
  });

  test('a 503 page when nothing was ever loaded, and JSON consumers get a 503 too', async () => {
    cloudwatch.on(DescribeAlarmHistoryCommand).rejects(new Error('AccessDenied'));
    const p = page();
    const html = await p.request('/');
    const json = await p.request('/status.json');
    expect(html).toMatchObject({ statusCode: 503, statusDescription: '503 Service Unavailable' });
    expect(html.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '30' });
    expect(html.body).toContain('Status temporarily unavailable');
    expect(json).toMatchObject({ statusCode: 503, body: '{"error":"status temporarily unavailable"}\n' });
    expect(p.logs).toContainEqual({ level: 'ERROR', message: 'status unavailable: CloudWatch could not be read', error: 'AccessDenied' });
  });
});

describe('routing', () => {
  test('unknown paths are 404', async () => {
    expect(await page().request('/admin')).toMatchObject({ statusCode: 404, statusDescription: '404 Not Found' });
  });

  test.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('%s is 405 with Allow', async (method) => {
    const res = await page().request('/', method);
    expect(res).toMatchObject({ statusCode: 405, statusDescription: '405 Method Not Allowed' });
    expect(res.headers).toMatchObject({ allow: 'GET, HEAD' });
    expect(cloudwatchCalls()).toBe(0);
  });

  test('HEAD gets the headers without a body', async () => {
    const res = await page().request('/status.json', 'HEAD');
    expect(res).toMatchObject({ statusCode: 200, body: '' });
  });

  test('with multi-value headers on the target group, the reply uses multiValueHeaders', async () => {
    const res = await page().request('/', 'GET', true);
    expect(res.headers).toBeUndefined();
    expect(res.multiValueHeaders).toMatchObject({ 'content-type': ['text/html; charset=utf-8'], 'cache-control': ['public, max-age=30'] });
  });
});

describe('HTML', () => {
  test('shows the overall state, every service, uptime and incidents', async () => {
    const res = await page().request('/');
    expect(res.headers?.['content-type']).toBe('text/html; charset=utf-8');
    const body = res.body ?? '';
    expect(body).toContain('Some systems degraded');
    for (const text of ['API', 'Web app', 'Database', 'Cache', 'Outage', 'No recent data', '87.50%', '99.99%', '99.92%', '66.66%', 'no data']) expect(body).toContain(text);
    expect(body).toContain('Elevated API errors');
    expect(body).toContain('2030-01-05 12:00 UTC to 2030-01-05 12:42 UTC (42 min)');
    // The only <link> names the feed for readers to discover; it loads nothing.
    expect(body).not.toMatch(/<script|<link(?! rel="alternate" type="application\/atom\+xml")|src="http|href="http|@import|url\(/i);
    expect(body).toContain('<link rel="alternate" type="application/atom+xml" title="Flashcard LMS incidents" href="/feed.atom">');
  });

  test('escapes everything that comes from configuration', async () => {
    cloudwatch.on(DescribeAlarmHistoryCommand).resolves({
      AlarmHistoryItems: [
        {
          AlarmName: 'production-api-5xx-rate',
          Timestamp: new Date(NOW.getTime() - 60_000),
          HistoryData: JSON.stringify({ oldState: { stateValue: 'OK' }, newState: { stateValue: 'ALARM', stateReason: 'raw reason' } }),
        },
      ],
    });
    const publicIncidents = { 'production-api-5xx-rate': { title: '<script>alert(1)</script>', text: '"><img src=x onerror=alert(2)> & more' } };
    const body = (await page({ siteName: 'Cards <b>&</b> "Co"', publicIncidents }).request('/')).body ?? '';
    expect(body).not.toContain('<script>alert(1)</script>');
    expect(body).not.toContain('<img src=x');
    expect(body).not.toContain('<b>&</b>');
    expect(body).not.toContain('raw reason');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; more');
    expect(body).toContain('<title>Cards &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot; status</title>');
  });
});
