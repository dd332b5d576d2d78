import { CloudWatchClient, DescribeAlarmHistoryCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadStatus } from '../../../lambda/status-page/load-status';
import { handleRequest } from '../../../lambda/status-page/status-page';
import { RunningHttpServer, startHttpServer } from '../support/http-server';
import { albEvent, HISTORY, metricData, NOTICES, NOW, settings } from './fixtures';
import { Scenario, SCENARIOS } from './scenarios';

jest.setTimeout(30_000);

// Debian's chromium here; CHROMIUM_PATH points elsewhere on hosts that ship Chrome instead (GitHub runners).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(__dirname, '../../../test-artifacts/status-page.png');
/** The pictures in docs/status-page.md (same clock, same data): rewritten only with UPDATE_SCREENSHOTS=1, else test artifacts. */
const DOC_IMAGES = path.join(__dirname, process.env.UPDATE_SCREENSHOTS === '1' ? '../../../docs/images' : '../../../test-artifacts/status-page');
const cloudwatch = mockClient(CloudWatchClient);
const savedEnv = process.env;

/** CloudWatch answering with one documented state's data. */
const scenarioCloudWatch = (scenario: Scenario): Pick<CloudWatchClient, 'send'> => ({
  send: (async (command: unknown) =>
    command instanceof GetMetricDataCommand ? metricData(command.input, scenario.series) : { AlarmHistoryItems: scenario.history }) as CloudWatchClient['send'],
});

let server: RunningHttpServer;
let browser: Browser;
let page: Page;
const requested: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-test-deps.sh`);
  cloudwatch.on(GetMetricDataCommand).callsFake((input) => metricData(input));
  cloudwatch.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: HISTORY });
  jest.useFakeTimers({
    now: NOW,
    doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'],
  });
  process.env = {
    ...savedEnv,
    AWS_REGION: 'eu-west-1',
    ENV_NAME: 'production',
    ALARM_PREFIX: 'production-',
    PUBLIC_INCIDENTS: JSON.stringify(NOTICES),
    PAGE_URL: 'https://status.example.com',
  };
  for (const level of ['warn', 'error'] as const) jest.spyOn(console, level).mockImplementation(() => undefined);

  // The real handler module, on the mocked CloudWatch client class. Required at the first request,
  // not here: code run in a test (rather than in beforeAll) is what mutation testing attributes to it.
  jest.doMock('@aws-sdk/client-cloudwatch', () => ({ CloudWatchClient, GetMetricDataCommand, DescribeAlarmHistoryCommand }));
  let handler: ((e: ALBEvent) => Promise<ALBResult>) | undefined;

  // What the ALB does: turn the HTTP request into an event and the result into a response.
  server = await startHttpServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const scenario = SCENARIOS.find((s) => url.pathname.startsWith(`/scenario/${s.name}/`));
    handler ??= (require('../../../lambda/status-page/index') as { handler: (e: ALBEvent) => Promise<ALBResult> }).handler;
    const result = scenario
      ? await handleRequest(albEvent(url.pathname.slice(`/scenario/${scenario.name}`.length)), {
          // Each documented state, loaded through the same code from its own CloudWatch answers.
          snapshot: async () => ({ data: await loadStatus(scenarioCloudWatch(scenario), settings, NOW), stale: false, expiresAt: NOW.getTime() + 30_000 }),
          log: () => undefined,
          now: () => NOW.getTime(),
          pageUrl: settings.pageUrl,
        })
      : await handler({
          requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/status/abc' } },
          httpMethod: req.method ?? 'GET',
          path: url.pathname,
          queryStringParameters: Object.fromEntries(url.searchParams),
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
          body: null,
          isBase64Encoded: false,
        });
    res.writeHead(result.statusCode, result.headers as Record<string, string>);
    res.end(result.body ?? '');
  });

  // Loaded here, not at import: a run that selects none of these tests skips the browser entirely.
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  page = await context.newPage();
  page.on('request', (r) => requested.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
});

// Loaded in each test, so that every test is the one that renders what it checks.
beforeEach(async () => {
  const response = await page.goto(`${server.url}/`);
  expect(response?.status()).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  jest.useRealTimers();
  jest.restoreAllMocks();
  process.env = savedEnv;
});

test('a person on a phone sees the overall status first', async () => {
  const banner = page.getByRole('status');
  await expect(banner.innerText()).resolves.toBe('Some systems degraded');
  const box = await banner.boundingBox();
  expect(box?.y).toBeLessThan(200);
});

test('each of the four services with its status, the last 30 days as bars on a phone, and uptime', async () => {
  const rows = await Promise.all((await page.locator('[data-service]').all()).map(async (row) => (await row.innerText()).replace(/\s+/g, ' ').trim()));
  expect(rows).toEqual([
    'API Operational 30 days ago Today Uptime: 24 hours 87.50% · 30 days 99.99% · 90 days 99.92%',
    'Web app Operational 30 days ago Today Uptime: 24 hours 100.00% · 30 days 100.00% · 90 days 100.00%',
    'Database Outage 30 days ago Today Uptime: 24 hours 66.66% · 30 days 99.92% · 90 days 99.97%',
    'Cache No recent data 30 days ago Today Uptime: 24 hours no data · 30 days no data · 90 days no data',
  ]);
  for (const row of await page.locator('[data-service]').all()) await expect(row.isVisible()).resolves.toBe(true);
  const visibleBars = await page.evaluate<number[]>(
    "[...document.querySelectorAll('[data-service] .bars')].map((b) => [...b.children].filter((c) => c.getBoundingClientRect().width > 0).length)",
  );
  expect(visibleBars).toEqual([30, 30, 30, 30]);
  // Today's bar is the last one, in the colour of its day.
  await expect(page.locator('[data-service="database"] .bar').last().getAttribute('title')).resolves.toBe('2030-01-08: 95.83%, outage');
});

test('ongoing incidents come first, above the services; resolved ones below', async () => {
  const ongoing = page.locator('h2:has-text("Ongoing incidents") + ul > li');
  await expect(ongoing.count()).resolves.toBe(1);
  const first = (await ongoing.nth(0).innerText()).replace(/\s+/g, ' ');
  expect(first).toBe('Database unavailable Ongoing Saving and loading cards fails. Since 2030-01-08 11:30 UTC');
  const resolved = page.locator('h2:has-text("Resolved incidents") + ul > li');
  await expect(resolved.count()).resolves.toBe(2);
  const second = (await resolved.nth(0).innerText()).replace(/\s+/g, ' ');
  expect(second).toContain('Elevated API errors Resolved Some requests to the API fail. 2030-01-05 12:00 UTC to 2030-01-05 12:42 UTC (42 min)');
  expect((await resolved.nth(1).innerText()).replace(/\s+/g, ' ')).toContain('Began before 2030-01-01 12:00 UTC, resolved 2030-01-02 12:00 UTC');
  const boxes = await Promise.all([ongoing.nth(0).boundingBox(), page.locator('[data-service="api"]').boundingBox()]);
  expect(boxes[0]?.y).toBeLessThan(boxes[1]?.y ?? 0);
});

test('the Atom feed is well-formed XML to a real parser, with one entry per incident', async () => {
  const res = await fetch(`${server.url}/feed.atom`);
  expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const xml = await res.text();
  const parsed = await page.evaluate<string>(
    `(() => { const d = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml'); const e = d.querySelector('parsererror'); return e ? 'error: ' + e.textContent : d.documentElement.namespaceURI + ' ' + d.querySelectorAll('entry').length + ' ' + d.querySelector('entry > title').textContent; })()`,
  );
  expect(parsed).toBe('http://www.w3.org/2005/Atom 3 Ongoing: Database unavailable');
});

test('fits the phone: no horizontal scroll, readable text', async () => {
  // Evaluated in the page; strings keep DOM types out of this Node project.
  const widths = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
  expect(widths.client).toBe(390);
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  const smallest = await page.evaluate<number>("Math.min(...[...document.querySelectorAll('body *')].map((el) => parseFloat(getComputedStyle(el).fontSize)))");
  expect(smallest).toBeGreaterThanOrEqual(13);
});

test('nothing is loaded from anywhere but the page itself, and the CSP blocks nothing it needs', async () => {
  expect(requested.length).toBeGreaterThan(0);
  expect(requested.filter((u) => !u.startsWith(server.url))).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('a screenshot is kept as a test artifact', async () => {
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
});

describe('the documented states, on a desktop screen', () => {
  let desktop: Page;
  beforeAll(async () => {
    desktop = await (await browser.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 })).newPage();
  });

  const open = async (name: string) => {
    await expect(desktop.goto(`${server.url}/scenario/${name}/`).then((r) => r?.status())).resolves.toBe(200);
    return {
      banner: await desktop.getByRole('status').innerText(),
      pills: await desktop.locator('[data-service] .pill').allInnerTexts(),
      bars: await desktop.evaluate<string[]>(
        "[...document.querySelectorAll('[data-service] .bars')].map((b) => [...b.children].filter((c) => c.getBoundingClientRect().width > 0).map((c) => ({ operational: 'g', degraded: 'y', outage: 'r', no_data: 'n' })[c.classList[1]]).join(''))",
      ),
      ongoing: await desktop.locator('h2:has-text("Ongoing incidents") + ul > li .name').allInnerTexts(),
    };
  };
  const shoot = async (name: string) => {
    const file = path.join(DOC_IMAGES, `status-page-${name}.png`);
    fs.mkdirSync(DOC_IMAGES, { recursive: true });
    await desktop.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  };
  // One letter per bar, oldest first: g(reen), y(ellow), r(ed), n(o data); marks by days ago.
  const full = (marks: Record<number, string> = {}, today = 'g') => Array.from({ length: 90 }, (_, i) => (i === 89 ? today : (marks[89 - i] ?? 'g'))).join('');

  test('all operational: 90 bars per service, past bad days in yellow and red', async () => {
    const seen = await open('operational');
    expect(seen.banner).toBe('All systems operational');
    expect(seen.pills).toEqual(['Operational', 'Operational', 'Operational', 'Operational']);
    expect(seen.bars).toEqual([full({ 20: 'y' }), full(), full({ 45: 'r' }), full()]);
    await expect(desktop.locator('[data-service="database"] .bar.outage').getAttribute('title')).resolves.toBe('2029-11-24: 90.27%, outage');
    await expect(desktop.locator('[data-service="api"] .bar.degraded').getAttribute('title')).resolves.toBe('2029-12-19: 99.44%, degraded');
    expect(seen.ongoing).toEqual([]);
    await shoot('operational');
  });

  test('one degraded component', async () => {
    const seen = await open('degraded');
    expect(seen.banner).toBe('Some systems degraded');
    expect(seen.pills).toEqual(['Operational', 'Operational', 'Degraded', 'Operational']);
    expect(seen.bars[2]).toBe(full({ 45: 'r' }, 'y'));
    await shoot('degraded');
  });

  test('an ongoing incident', async () => {
    const seen = await open('incident');
    expect(seen.banner).toBe('Major outage');
    expect(seen.pills[0]).toBe('Outage');
    expect(seen.ongoing).toEqual(['Elevated API errors']);
    await expect(desktop.locator('[data-service="api"] .bar').last().getAttribute('class')).resolves.toBe('bar outage');
    await shoot('incident');
  });

  test('no data yet', async () => {
    const seen = await open('no-data');
    expect(seen.banner).toBe('No health data yet');
    expect(seen.pills).toEqual(['No recent data', 'No recent data', 'No recent data', 'No recent data']);
    expect(seen.bars).toEqual(Array(4).fill('n'.repeat(90)));
    await expect(desktop.getByText('No resolved incidents in the last 7 days.').isVisible()).resolves.toBe(true);
    await shoot('no-data');
  });
});
