import * as http from 'node:http';
import { runHook } from '../../../lambda/deployment-hook/hook';
import { HookSettings, loadSettings, worstCaseSeconds } from '../../../lambda/deployment-hook/settings';
import { LogFields, LogLevel } from '../../../lambda/shared/log';
import { RunningHttpServer, startHttpServer } from '../support/http-server';

const HEADER = { name: 'x-flashcard-test-traffic', value: 'green' };
const event = { serviceArn: 'arn:aws:ecs:eu-west-1:111111111111:service/c/backend', targetServiceRevisionArn: 'arn:aws:ecs:eu-west-1:111111111111:service-revision/c/backend/2' };

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let answer: Handler;
let requests: http.IncomingHttpHeaders[];
let server: RunningHttpServer;
let lines: { level: LogLevel; message: string; fields?: LogFields }[];

// GIVEN a local server standing in for the test listener rule: only the test header reaches "green"
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    requests.push(req.headers);
    if (req.headers[HEADER.name] !== HEADER.value) {
      res.writeHead(404).end('not the test route');
      return;
    }
    answer(req, res);
  });
});
afterAll(() => server.stop());
beforeEach(() => {
  requests = [];
  lines = [];
});

const settings = (check: 'api' | 'site', overrides: Partial<HookSettings> = {}): HookSettings => ({
  baseUrl: server.url,
  check,
  testHeader: HEADER,
  attempts: 2,
  timeoutMs: 3000,
  delayMs: 10,
  ...overrides,
});
const deps = { log: (level: LogLevel, message: string, fields?: LogFields) => lines.push({ level, message, fields }), sleep: () => Promise.resolve() };
const json =
  (status: number, body: unknown): Handler =>
  (_req, res) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('deployment hook against a local server', () => {
  test('a healthy new revision passes: SUCCEEDED, and the request carried the test header', async () => {
    answer = json(200, { status: 'healthy' });
    await expect(runHook(event, settings('api'), deps)).resolves.toEqual({ hookStatus: 'SUCCEEDED' });
    expect(requests).toHaveLength(1);
    expect(requests[0][HEADER.name]).toBe('green');
    expect(lines).toEqual([expect.objectContaining({ level: 'info', fields: expect.objectContaining({ revision: event.targetServiceRevisionArn, attempts: 1 }) })]);
  });

  test('the frontend hook checks the site body', async () => {
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('healthy\n');
    await expect(runHook(event, settings('site'), deps)).resolves.toEqual({ hookStatus: 'SUCCEEDED' });
  });

  test('a failing revision fails the hook after every attempt, naming the problem', async () => {
    answer = json(503, { status: 'unhealthy' });
    await expect(runHook(event, settings('api'), deps)).resolves.toEqual({ hookStatus: 'FAILED' });
    expect(requests).toHaveLength(2);
    expect(lines.at(-1)).toEqual({
      level: 'error',
      message: 'new revision failed the smoke check on test traffic; ECS rolls the deployment back',
      fields: expect.objectContaining({ check: 'API health', attempts: 2, problem: 'HTTP 503, expected 200' }),
    });
  });

  test('a 200 with the wrong body fails too', async () => {
    answer = json(200, { status: 'degraded' });
    await expect(runHook(event, settings('api'), deps)).resolves.toEqual({ hookStatus: 'FAILED' });
    expect(lines.at(-1)?.fields?.problem).toBe('expected JSON {"status": "healthy"}, got "{\\"status\\":\\"degraded\\"}"');
  });

  test('a hanging revision fails within the bounded time, not when the function times out', async () => {
    answer = () => undefined; // never answers
    const started = Date.now();
    await expect(runHook(event, settings('api', { attempts: 2, timeoutMs: 200 }), deps)).resolves.toEqual({ hookStatus: 'FAILED' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lines.at(-1)?.fields?.problem).toBe('no answer within 200 ms');
  });

  test('a revision that sends headers and then stalls the body fails by the same timeout', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
    };
    await expect(runHook(event, settings('api', { attempts: 1, timeoutMs: 200 }), deps)).resolves.toEqual({ hookStatus: 'FAILED' });
  });

  test('a redirect is not followed (the check would leave the test route)', async () => {
    answer = (_req, res) => res.writeHead(302, { location: 'https://example.com/' }).end();
    await expect(runHook(event, settings('api', { attempts: 1 }), deps)).resolves.toEqual({ hookStatus: 'FAILED' });
    expect(lines.at(-1)?.fields?.problem).toBe('HTTP 302, expected 200');
  });
});

describe('deployment hook settings', () => {
  const env = { BASE_URL: 'https://api.flashcard-lms.com', CHECK: 'api', TEST_HEADER_NAME: 'x-flashcard-test-traffic', TEST_HEADER_VALUE: 'green' };

  test('defaults bound the checks to 3 attempts of 5 s with 5 s pauses (25 s)', () => {
    const s = loadSettings(env);
    expect(s).toEqual({ baseUrl: env.BASE_URL, check: 'api', testHeader: HEADER, attempts: 3, timeoutMs: 5000, delayMs: 5000 });
    expect(worstCaseSeconds(s)).toBe(25);
  });

  test('every problem is named at once', () => {
    expect(() => loadSettings({ BASE_URL: 'ftp://x', CHECK: 'db', TEST_HEADER_NAME: 'X Test' })).toThrow(
      [
        'Invalid deployment-hook settings:',
        ' - BASE_URL is "ftp://x" (expected the https:// URL of the service host, e.g. https://api.flashcard-lms.com)',
        ' - CHECK is "db" (expected api or site)',
        ' - TEST_HEADER_NAME is "X Test" (expected a lower-case HTTP header name)',
        ' - TEST_HEADER_VALUE is not set (expected the value the test listener rule matches)',
      ].join('\n'),
    );
  });

  test('settings that could outlast the function are refused', () => {
    expect(() => loadSettings({ ...env, ATTEMPTS: '10', TIMEOUT_SECONDS: '30' })).toThrow(
      'ATTEMPTS, TIMEOUT_SECONDS and DELAY_SECONDS allow 345 s of checks (expected at most 120 s)',
    );
  });
});
