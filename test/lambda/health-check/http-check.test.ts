import * as http from 'node:http';
import { checkApi, checkWeb, safeUrl } from '../../../lambda/health-check/http-check';
import { runChecks } from '../../../lambda/health-check/run-checks';
import { freePort } from '../support/free-port';
import { RunningHttpServer, startHttpServer } from '../support/http-server';

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const routes: Record<string, http.RequestListener> = {
  '/health/detailed': (_req, res) => json(res, 200, { status: 'healthy', dependencies: { database: { status: 'healthy' } } }),
  '/health/error': (_req, res) => json(res, 500, { detail: 'Internal Server Error' }),
  '/health/degraded': (_req, res) =>
    json(res, 200, {
      status: 'degraded',
      dependencies: { database: { status: 'unhealthy', error: 'connection refused' }, redis: { status: 'healthy' } },
    }),
  '/health/html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>'),
  '/health/moved': (_req, res) => res.writeHead(301, { location: '/health/detailed' }).end(),
  '/health/slow': () => undefined, // never answers
  '/health': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('healthy\n'),
};

let server: RunningHttpServer;
beforeAll(async () => {
  server = await startHttpServer((req, res) => (routes[req.url ?? ''] ?? ((_q, r) => r.writeHead(404).end('not found')))(req, res));
});
afterAll(async () => {
  await server?.stop();
});

const signal = () => AbortSignal.timeout(2000);

describe('api check against a local server', () => {
  test('200 with status healthy: healthy', async () => {
    await expect(checkApi(fetch, `${server.url}/health/detailed`, signal())).resolves.toEqual({ healthy: true });
  });

  test('500: unhealthy', async () => {
    await expect(checkApi(fetch, `${server.url}/health/error`, signal())).resolves.toEqual({
      healthy: false,
      reason: 'HTTP 500',
      details: { url: `${server.url}/health/error` },
    });
  });

  test('200 with status degraded: unhealthy, naming the failing dependencies', async () => {
    await expect(checkApi(fetch, `${server.url}/health/degraded`, signal())).resolves.toEqual({
      healthy: false,
      reason: 'status is "degraded"',
      details: { url: `${server.url}/health/degraded`, failingDependencies: { database: 'connection refused' } },
    });
  });

  test('a body that is not JSON: unhealthy', async () => {
    const outcome = await checkApi(fetch, `${server.url}/health/html`, signal());
    expect(outcome).toMatchObject({ healthy: false, reason: 'body is not JSON' });
  });

  test('a redirect is reported, not followed', async () => {
    const outcome = await checkApi(fetch, `${server.url}/health/moved`, signal());
    expect(outcome).toMatchObject({ healthy: false, reason: 'HTTP 301' });
  });
});

describe('web check against a local server', () => {
  test('200 with "healthy" in the body: healthy', async () => {
    await expect(checkWeb(fetch, `${server.url}/health`, signal())).resolves.toEqual({ healthy: true });
  });

  test('200 without "healthy" in the body: unhealthy', async () => {
    const outcome = await checkWeb(fetch, `${server.url}/health/html`, signal());
    expect(outcome).toMatchObject({ healthy: false, reason: 'body does not contain "healthy"' });
  });

  test('404: unhealthy', async () => {
    const outcome = await checkWeb(fetch, `${server.url}/nope`, signal());
    expect(outcome).toMatchObject({ healthy: false, reason: 'HTTP 404' });
  });
});

describe('timeouts', () => {
  test('a server that does not answer is unhealthy at the check timeout, while the others report', async () => {
    const results = await runChecks(
      new Map([
        ['api', (s: AbortSignal) => checkApi(fetch, `${server.url}/health/slow`, s)],
        ['web', (s: AbortSignal) => checkWeb(fetch, `${server.url}/health`, s)],
      ]),
      // 1 s, not less: a first fetch on a busy 2-core machine has taken over 200 ms to answer.
      { checkTimeoutMs: 1000, deadlineMs: 3000 },
    );
    expect(results).toEqual([
      { check: 'api', healthy: false, reason: 'timed out after 1000 ms', latencyMs: expect.any(Number) },
      { check: 'web', healthy: true, latencyMs: expect.any(Number) },
    ]);
    // A lower bound only: on a busy machine timers run late, never early.
    expect(results[0].latencyMs).toBeGreaterThanOrEqual(995);
  });

  test('nothing listening: unhealthy with the connection error', async () => {
    const port = await freePort();
    const results = await runChecks(new Map([['web', (s: AbortSignal) => checkWeb(fetch, `http://127.0.0.1:${port}/health`, s)]]), {
      checkTimeoutMs: 1000,
      deadlineMs: 1000,
    });
    expect(results[0]).toMatchObject({ healthy: false, reason: expect.stringMatching(/^fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/) });
  });
});

describe('what the checks send and how they read answers (fetch stubbed)', () => {
  const URL_ = 'https://api.example.com/health/detailed';
  const answering = (body: string, status = 200) => jest.fn(async () => new Response(body, { status }));

  test("GET without following redirects, with the abort signal and the health check's headers", async () => {
    const fetchFn = answering('{"status":"healthy"}');
    const s = new AbortController().signal;
    await checkApi(fetchFn, URL_, s);
    expect(fetchFn).toHaveBeenCalledWith(URL_, {
      method: 'GET',
      redirect: 'manual',
      signal: s,
      headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1', 'user-agent': 'FlashcardLMS-HealthCheck/1.0' },
    });
  });

  test.each([
    ['{}', 'status is null'],
    ['[]', 'status is null'],
    ['null', 'status is null'],
    ['{"status":"degraded"}', 'status is "degraded"'],
    ['{"status":"Healthy"}', 'status is "Healthy"'],
  ])('api body %s: %s', async (body, reason) => {
    await expect(checkApi(answering(body), URL_, signal())).resolves.toEqual({ healthy: false, reason, details: { url: URL_, failingDependencies: {} } });
  });

  test('every way a dependency can report trouble is named, errors redacted and cut at 300 characters', async () => {
    const body = {
      status: 'degraded',
      dependencies: {
        ok: { status: 'healthy' },
        okShort: 'healthy',
        short: 'unhealthy',
        noStatus: {},
        noError: { status: 'unhealthy', error: 42 },
        leaky: { status: 'unhealthy', error: 'cannot reach redis://:tok3n-value@cache:6379' },
        long: { status: 'unhealthy', error: 'x'.repeat(400) },
      },
    };
    const out = await checkApi(answering(JSON.stringify(body)), URL_, signal());
    expect(out.details?.failingDependencies).toEqual({
      short: 'status "unhealthy"',
      noStatus: 'status null',
      noError: 'status "unhealthy"',
      leaky: 'cannot reach redis://[redacted]@cache:6379',
      long: 'x'.repeat(300),
    });
  });

  test('dependencies that are not an object name nothing', async () => {
    const out = await checkApi(answering('{"status":"degraded","dependencies":["db"]}'), URL_, signal());
    expect(out.details?.failingDependencies).toEqual({});
  });

  test('a body that is not JSON is shown, cut at 200 characters', async () => {
    const body = `<html>${'m'.repeat(300)}`;
    await expect(checkApi(answering(body), URL_, signal())).resolves.toEqual({
      healthy: false,
      reason: 'body is not JSON',
      details: { url: URL_, body: body.slice(0, 200) },
    });
    await expect(checkWeb(answering(body), 'https://example.com/health', signal())).resolves.toEqual({
      healthy: false,
      reason: 'body does not contain "healthy"',
      details: { url: 'https://example.com/health', body: body.slice(0, 200) },
    });
  });

  test('an error status names the URL without its query string', async () => {
    await expect(checkWeb(answering('healthy', 503), 'https://example.com/health?token=x', signal())).resolves.toEqual({
      healthy: false,
      reason: 'HTTP 503',
      details: { url: 'https://example.com/health' },
    });
  });

  test('reads only the first 64 KiB of a body', async () => {
    const at = (end: number) => `${' '.repeat(end - 'healthy'.length)}healthy`;
    await expect(checkWeb(answering(at(64 * 1024)), 'https://example.com/health', signal())).resolves.toEqual({ healthy: true });
    await expect(checkWeb(answering(at(64 * 1024 + 1)), 'https://example.com/health', signal())).resolves.toMatchObject({ healthy: false });
  });
});

test('safeUrl of something that is not a URL', () => {
  expect(safeUrl('not a url')).toBe('[invalid URL]');
});

test('safeUrl drops user info and query string', () => {
  expect(safeUrl('https://user:pw@api.example.com/health/detailed?token=x')).toBe('https://api.example.com/health/detailed');
});
