import { CloudWatchClient, DescribeAlarmHistoryCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { RunningHttpServer, startHttpServer } from '../support/http-server';
import { HISTORY, metricData, NOTICES, NOW } from './fixtures';

jest.setTimeout(30_000);

// Debian's chromium here; CHROMIUM_PATH points elsewhere on hosts that ship Chrome instead (GitHub runners).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(__dirname, '../../../test-artifacts/status-page.png');
const cloudwatch = mockClient(CloudWatchClient);
const savedEnv = process.env;

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
  process.env = { ...savedEnv, AWS_REGION: 'eu-west-1', ENV_NAME: 'production', ALARM_PREFIX: 'production-', PUBLIC_INCIDENTS: JSON.stringify(NOTICES) };
  for (const level of ['warn', 'error'] as const) jest.spyOn(console, level).mockImplementation(() => undefined);

  // The real handler module, on the mocked CloudWatch client class.
  jest.doMock('@aws-sdk/client-cloudwatch', () => ({ CloudWatchClient, GetMetricDataCommand, DescribeAlarmHistoryCommand }));
  const { handler } = require('../../../lambda/status-page/index') as { handler: (e: ALBEvent) => Promise<ALBResult> };

  // What the ALB does: turn the HTTP request into an event and the result into a response.
  server = await startHttpServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const result = await handler({
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

test('each of the four services with its status and uptime', async () => {
  const rows = await Promise.all((await page.locator('[data-service]').all()).map(async (row) => (await row.innerText()).replace(/\s+/g, ' ').trim()));
  expect(rows).toEqual([
    'API Operational Uptime: 24 hours 87.50% · 30 days 99.50%',
    'Web app Operational Uptime: 24 hours 100.00% · 30 days 99.98%',
    'Database Outage Uptime: 24 hours 66.66% · 30 days 99.90%',
    'Cache No recent data Uptime: 24 hours no data · 30 days no data',
  ]);
  for (const row of await page.locator('[data-service]').all()) await expect(row.isVisible()).resolves.toBe(true);
});

test('the incidents of the last 7 days, ongoing first', async () => {
  const section = page.locator('h2:has-text("Incidents") + ul > li');
  await expect(section.count()).resolves.toBe(3);
  const first = (await section.nth(0).innerText()).replace(/\s+/g, ' ');
  expect(first).toContain('Database unavailable');
  expect(first).not.toContain('production-');
  expect(first).toContain('Ongoing');
  expect(first).toContain('Since 2030-01-08 11:30 UTC');
  const second = (await section.nth(1).innerText()).replace(/\s+/g, ' ');
  expect(second).toContain('Elevated API errors Resolved Some requests to the API fail. 2030-01-05 12:00 UTC to 2030-01-05 12:42 UTC (42 min)');
  expect((await section.nth(2).innerText()).replace(/\s+/g, ' ')).toContain('Began before 2030-01-01 12:00 UTC, resolved 2030-01-02 12:00 UTC');
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
