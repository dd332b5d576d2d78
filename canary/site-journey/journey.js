// The site's journey as a user walks it, written against Playwright's Page so the tests can run it
// with playwright-core on a local server and the canary with the Synthetics runtime's browser.
'use strict';
/* global document */

/**
 * @typedef {{ siteUrl: string, apiHealthUrl: string, statusUrl: string, timeoutMs: number }} JourneySettings
 * @typedef {{ step: string, ok: boolean, detail: string }} StepResult
 */

/** Reads the journey's URLs from the canary's environment variables; names every missing one. */
function settingsFromEnv(env) {
  const names = { siteUrl: 'SITE_URL', apiHealthUrl: 'API_HEALTH_URL', statusUrl: 'STATUS_URL' };
  const missing = Object.values(names).filter((name) => !env[name] || !/^https?:\/\//.test(env[name]));
  if (missing.length > 0) throw new Error(`Canary settings missing or not http(s) URLs: ${missing.join(', ')}`);
  const timeoutMs = Number(env.STEP_TIMEOUT_MS ?? '15000');
  return { siteUrl: env.SITE_URL, apiHealthUrl: env.API_HEALTH_URL, statusUrl: env.STATUS_URL, timeoutMs: Number.isFinite(timeoutMs) ? timeoutMs : 15000 };
}

const ASSET_TYPES = ['script', 'stylesheet', 'image', 'font'];

/** Loads the site in the browser: the document answers 2xx, the app renders text, every script, style and image loads. */
async function loadSite(page, settings) {
  // By URL: Chromium reports an asset answered 4xx/5xx as a response and again as a failed request.
  const failedAssets = new Map();
  const onResponse = (response) => {
    const type = response.request().resourceType();
    if (ASSET_TYPES.includes(type) && response.status() >= 400) failedAssets.set(response.url(), `${response.status()} ${response.url()}`);
  };
  const onFailed = (request) => {
    if (ASSET_TYPES.includes(request.resourceType()) && !failedAssets.has(request.url())) failedAssets.set(request.url(), `failed ${request.url()}`);
  };
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  try {
    const response = await page.goto(settings.siteUrl, { waitUntil: 'load', timeout: settings.timeoutMs });
    if (!response || response.status() >= 400) return { step: 'site', ok: false, detail: `${settings.siteUrl} answered ${response ? response.status() : 'nothing'}` };
    // A React app renders into <div id="root">; an empty root means the bundle did not run.
    const rendered = await page.evaluate(() => {
      const root = document.getElementById('root') ?? document.body;
      return (root.innerText ?? '').trim().length;
    });
    if (failedAssets.size > 0) return { step: 'site', ok: false, detail: `assets did not load: ${[...failedAssets.values()].join(', ')}` };
    if (rendered === 0) return { step: 'site', ok: false, detail: 'the page loaded but rendered no text' };
    return { step: 'site', ok: true, detail: `rendered ${rendered} characters` };
  } catch (error) {
    return { step: 'site', ok: false, detail: `${settings.siteUrl}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  } finally {
    page.off('response', onResponse);
    page.off('requestfailed', onFailed);
  }
}

/** Calls a URL from the page's context (same network path, cookies off); `expect` checks the body. */
async function callUrl(page, step, url, timeoutMs, expect) {
  try {
    const response = await page.request.get(url, { timeout: timeoutMs, failOnStatusCode: false });
    if (response.status() >= 400) return { step, ok: false, detail: `${url} answered ${response.status()}` };
    const problem = expect(await response.text());
    return problem ? { step, ok: false, detail: `${url}: ${problem}` } : { step, ok: true, detail: `${url} answered ${response.status()}` };
  } catch (error) {
    return { step, ok: false, detail: `${url}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}

/** The API health endpoint answers JSON. */
function apiHealthProblem(body) {
  try {
    JSON.parse(body);
    return null;
  } catch {
    return 'answered something other than JSON';
  }
}

/** The status page answers HTML that names a status. */
function statusPageProblem(body) {
  return /operational|degraded|outage/i.test(body) ? null : 'shows no status';
}

/** Walks every step (one failure does not hide the next) and returns what each found. */
async function runJourney(page, settings) {
  return [
    await loadSite(page, settings),
    await callUrl(page, 'api-health', settings.apiHealthUrl, settings.timeoutMs, apiHealthProblem),
    await callUrl(page, 'status-page', settings.statusUrl, settings.timeoutMs, statusPageProblem),
  ];
}

/** Throws one error naming every failed step, which fails the canary run. */
function assertJourney(results) {
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`Journey failed: ${failed.map((r) => `${r.step}: ${r.detail}`).join('; ')}`);
}

module.exports = { settingsFromEnv, runJourney, assertJourney };
