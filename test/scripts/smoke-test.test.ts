import * as http from 'http';
import { AddressInfo } from 'net';
import { loadEnvironments } from '../../lib/config';
import { checksFor, formatResults, overallStatus, runSmokeTests, urlsFor } from '../../scripts/smoke-test';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** One local server standing in for the API, the site and the status page; each test sets its answers. */
let routes: Record<string, Handler> = {};
let hits: Record<string, number> = {};
let server: http.Server;
let base: string;

function reply(status: number, body: string, type = 'application/json'): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
}

const healthy = {
  '/api/health': reply(200, JSON.stringify({ status: 'healthy', version: '1.4.2' })),
  '/site/health': reply(200, 'healthy\n', 'text/plain'),
  '/status/status.json': reply(200, JSON.stringify({ system: { status: 'operational' }, services: {} })),
};

function checks() {
  return checksFor({ api: `${base}/api`, site: `${base}/site/`, status: `${base}/status` });
}

const fast = { attempts: 3, delayMs: 1, timeoutMs: 500, log: () => undefined };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits[path] = (hits[path] ?? 0) + 1;
    (routes[path] ?? reply(404, 'not found', 'text/plain'))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  routes = { ...healthy };
  hits = {};
});

describe('smoke test', () => {
  test("targets the environment's API, site and status hosts", () => {
    const [staging] = loadEnvironments({ only: ['staging'] });
    expect(checksFor(urlsFor(staging)).map((c) => c.url)).toEqual([
      'https://api.staging.flashcard-lms.com/health',
      'https://staging.flashcard-lms.com/health',
      'https://status.staging.flashcard-lms.com/status.json',
    ]);
  });

  test('passes when every endpoint answers as expected', async () => {
    const results = await runSmokeTests(checks(), fast);
    expect(results.map((r) => [r.check.name, r.ok, r.attempts])).toEqual([
      ['API health', true, 1],
      ['Site health', true, 1],
      ['Status page JSON', true, 1],
    ]);
  });

  test('retries until the endpoint recovers', async () => {
    let calls = 0;
    routes['/api/health'] = (req, res) => (++calls < 3 ? reply(503, 'starting', 'text/plain') : healthy['/api/health'])(req, res);
    const [api] = await runSmokeTests(checks(), fast);
    expect(api).toMatchObject({ ok: true, attempts: 3 });
  });

  test('fails with the status of the last attempt', async () => {
    routes['/api/health'] = reply(502, 'bad gateway', 'text/plain');
    const [api] = await runSmokeTests(checks(), fast);
    expect(api).toMatchObject({ ok: false, attempts: 3, problem: 'HTTP 502, expected 200' });
    expect(hits['/api/health']).toBe(3);
  });

  test('checks the bodies', async () => {
    routes['/api/health'] = reply(200, JSON.stringify({ status: 'degraded' }));
    routes['/site/health'] = reply(200, '<html>maintenance</html>', 'text/html');
    routes['/status/status.json'] = reply(200, 'not json', 'text/plain');
    const results = await runSmokeTests(checks(), { ...fast, attempts: 1 });
    expect(results.map((r) => r.problem)).toEqual([
      'expected JSON {"status": "healthy"}, got "{\\"status\\":\\"degraded\\"}"',
      'expected "healthy", got "<html>maintenance</html>"',
      'expected JSON, got "not json"',
    ]);
  });

  test('a status page reporting a major outage or an unknown status fails; degraded passes', async () => {
    routes['/status/status.json'] = reply(200, JSON.stringify({ status: 'major_outage' }));
    expect((await runSmokeTests(checks(), { ...fast, attempts: 1 }))[2].problem).toBe('the status page reports a major outage');
    routes['/status/status.json'] = reply(200, JSON.stringify({ status: 'fine' }));
    expect((await runSmokeTests(checks(), { ...fast, attempts: 1 }))[2].problem).toBe('expected a status of operational, degraded, major_outage, got "fine"');
    routes['/status/status.json'] = reply(200, JSON.stringify({ status: 'degraded' }));
    expect((await runSmokeTests(checks(), { ...fast, attempts: 1 }))[2].ok).toBe(true);
  });

  test('a redirect is not success (the site must answer itself)', async () => {
    routes['/site/health'] = (_req, res) => {
      res.writeHead(301, { location: 'https://elsewhere.example/health' });
      res.end();
    };
    expect((await runSmokeTests(checks(), { ...fast, attempts: 1 }))[1].problem).toBe('HTTP 301, expected 200');
  });

  test('times out a request that does not answer', async () => {
    routes['/api/health'] = () => undefined;
    const [api] = await runSmokeTests(checks(), { ...fast, attempts: 1, timeoutMs: 200 });
    expect(api.problem).toBe('no answer within 200 ms');
  });

  test('reports a connection failure', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const [api] = await runSmokeTests(checksFor({ api: `http://127.0.0.1:${port}`, site: base, status: base }), { ...fast, attempts: 1 });
    expect(api.problem).toMatch(/^request failed: .*ECONNREFUSED/);
  });

  test('overall status is read from status or system.status, and results format as a table', () => {
    expect(overallStatus({ status: 'operational' })).toBe('operational');
    expect(overallStatus({ system: { status: 'degraded' } })).toBe('degraded');
    const table = formatResults('staging', [{ check: checks()[0], ok: false, attempts: 3, problem: 'HTTP 502, expected 200' }]);
    expect(table).toContain(`| API health | ${base}/api/health | FAILED after 3 attempt(s): HTTP 502, expected 200 |`);
  });
});
