import * as fs from 'node:fs';
import * as http from 'node:http';
import { Browser, chromium, Page } from 'playwright-core';
import { freePort } from '../lambda/support/free-port';
import { RunningHttpServer, startHttpServer } from '../lambda/support/http-server';

jest.setTimeout(60_000);

interface StepResult {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
}
interface Journey {
  settingsFromEnv(env: Record<string, string | undefined>): { siteUrl: string; apiHealthUrl: string; statusUrl: string; timeoutMs: number };
  runJourney(page: Page, settings: ReturnType<Journey['settingsFromEnv']>): Promise<StepResult[]>;
  assertJourney(results: readonly StepResult[]): void;
}
// The canary's own CommonJS module, as the Synthetics runtime loads it.
const journey = require('../../canary/site-journey/journey') as Journey;

// Debian's chromium here; CHROMIUM_PATH points elsewhere on hosts that ship Chrome instead (GitHub runners).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What the local site serves; each test breaks one part. */
interface Site {
  script: number;
  renders: boolean;
  healthBody: string;
  statusCode: number;
}
const HEALTHY: Site = { script: 200, renders: true, healthBody: '{"status":"ok"}', statusCode: 200 };
let site: Site = HEALTHY;

function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  const send = (status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  switch (req.url) {
    case '/':
      return send(
        200,
        'text/html',
        '<!doctype html><html><head><link rel="stylesheet" href="/app.css"></head><body><div id="root"></div><script src="/app.js"></script></body></html>',
      );
    case '/app.css':
      return send(200, 'text/css', 'body { font-family: sans-serif; }');
    case '/app.js':
      return send(site.script, 'text/javascript', site.renders ? 'document.getElementById("root").textContent = "Your decks";' : '/* renders nothing */');
    case '/health':
      return send(200, 'application/json', site.healthBody);
    case '/status':
      return send(site.statusCode, 'text/html', '<h1>All systems operational</h1>');
    default:
      return send(404, 'text/plain', 'not found');
  }
}

let server: RunningHttpServer;
let browser: Browser;
let page: Page;
const settings = () =>
  journey.settingsFromEnv({ SITE_URL: `${server.url}/`, API_HEALTH_URL: `${server.url}/health`, STATUS_URL: `${server.url}/status`, STEP_TIMEOUT_MS: '10000' });

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-test-deps.sh`);
  server = await startHttpServer(serve);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});
beforeEach(() => {
  site = { ...HEALTHY };
});

describe('the site journey, in Chromium against a local site', () => {
  test('passes when the page renders, its assets load, and the API health and status page answer', async () => {
    const results = await journey.runJourney(page, settings());
    expect(results.map((r) => [r.step, r.ok])).toEqual([
      ['site', true],
      ['api-health', true],
      ['status-page', true],
    ]);
    expect(results[0].detail).toBe('rendered 10 characters');
    expect(() => journey.assertJourney(results)).not.toThrow();
  });

  test('fails the site step when a script does not load, and names it', async () => {
    site.script = 404;
    const [siteStep] = await journey.runJourney(page, settings());
    expect(siteStep).toEqual({ step: 'site', ok: false, detail: `assets did not load: 404 ${server.url}/app.js` });
  });

  test('fails the site step when the page renders nothing', async () => {
    site.renders = false;
    const [siteStep] = await journey.runJourney(page, settings());
    expect(siteStep).toEqual({ step: 'site', ok: false, detail: 'the page loaded but rendered no text' });
  });

  test('runs every step when an earlier one fails, and the error names each failed step', async () => {
    site.script = 500;
    site.healthBody = '<html>maintenance</html>';
    site.statusCode = 503;
    const results = await journey.runJourney(page, settings());
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(() => journey.assertJourney(results)).toThrow(
      `Journey failed: site: assets did not load: 500 ${server.url}/app.js; api-health: ${server.url}/health: answered something other than JSON; status-page: ${server.url}/status answered 503`,
    );
  });

  test('fails the site step with the reason when the site cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    const [siteStep] = await journey.runJourney(page, { ...settings(), siteUrl: closed });
    expect(siteStep.ok).toBe(false);
    expect(siteStep.detail).toMatch(new RegExp(`^${closed}: page.goto: net::ERR_CONNECTION_REFUSED`));
  });
});

describe('settings from the canary environment', () => {
  test('names every missing or non-URL variable', () => {
    expect(() => journey.settingsFromEnv({ SITE_URL: 'https://flashcard-lms.com/', API_HEALTH_URL: 'api.flashcard-lms.com/health' })).toThrow(
      'Canary settings missing or not http(s) URLs: API_HEALTH_URL, STATUS_URL',
    );
  });

  test('defaults the step timeout to 15 s', () => {
    const env = { SITE_URL: 'https://a.example/', API_HEALTH_URL: 'https://api.a.example/health', STATUS_URL: 'https://status.a.example/' };
    expect(journey.settingsFromEnv(env).timeoutMs).toBe(15000);
  });
});
