import { CloudWatchClient, DescribeAlarmHistoryCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { albEvent, HISTORY, metricData, NOTICES, NOW } from './fixtures';

const cloudwatch = mockClient(CloudWatchClient);
const savedEnv = process.env;
let handler: (e: ALBEvent) => Promise<ALBResult>;

beforeAll(() => {
  cloudwatch.on(GetMetricDataCommand).callsFake((input) => metricData(input));
  cloudwatch.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: HISTORY });
  jest.useFakeTimers({ now: NOW, doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask'] });
  process.env = { ...savedEnv, AWS_REGION: 'eu-west-1', ENV_NAME: 'production', PUBLIC_INCIDENTS: JSON.stringify(NOTICES), PAGE_URL: 'https://status.example.com/' };
  jest.doMock('@aws-sdk/client-cloudwatch', () => ({ CloudWatchClient, GetMetricDataCommand, DescribeAlarmHistoryCommand }));
});

/** The handler module on the mocked client class, loaded in the test (where mutation testing sees what it covers). */
function loadHandler(): typeof handler {
  jest.isolateModules(() => {
    ({ handler } = require('../../../lambda/status-page/index') as { handler: typeof handler });
  });
  return handler;
}

afterAll(() => {
  jest.useRealTimers();
  process.env = savedEnv;
});

const calls = () => cloudwatch.calls().length;

test('the deployed handler: settings from the environment, the system clock for the cache and Cache-Control', async () => {
  loadHandler();
  const feed = await handler(albEvent('/feed.atom'));
  expect(feed.statusCode).toBe(200);
  expect(feed.body).toContain('<id>https://status.example.com/feed.atom</id>');
  expect(feed.headers?.['cache-control']).toBe('public, max-age=30');
  const first = calls();
  expect(first).toBe(2 + Object.keys(NOTICES).length);

  jest.setSystemTime(NOW.getTime() + 10_000);
  const json = await handler(albEvent('/status.json'));
  expect(json.headers?.['cache-control']).toBe('public, max-age=20');
  expect(JSON.parse(json.body ?? '').last_updated).toBe(NOW.toISOString());
  expect(calls()).toBe(first);

  jest.setSystemTime(NOW.getTime() + 30_000);
  const later = await handler(albEvent('/status.json'));
  expect(JSON.parse(later.body ?? '').last_updated).toBe('2030-01-08T12:01:00.000Z');
  expect(calls()).toBe(2 * first);
});
