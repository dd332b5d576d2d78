/**
 * Smoke test of a deployed environment: the API health endpoint, the site's health endpoint and
 * the status page's JSON, each retried until it answers as expected or the attempts run out.
 *
 *   npx tsx scripts/smoke-test.ts --env staging
 *   npx tsx scripts/smoke-test.ts --env staging --api-url http://localhost:8000 --attempts 3
 */
import { configFileOfApp } from './app-config';
import { printReport, runMain } from './cli';
import { parseArgs } from 'util';
import { EnvironmentConfig, loadEnvironments } from '../lib/config';
import { siteHosts } from '../lib/contracts';

export interface SmokeCheck {
  readonly name: string;
  readonly url: string;
  /** Returns a problem with the body, or undefined when it is as expected. */
  readonly checkBody: (body: string) => string | undefined;
}

export interface SmokeResult {
  readonly check: SmokeCheck;
  readonly ok: boolean;
  readonly attempts: number;
  /** The last problem seen, when not ok. */
  readonly problem?: string;
}

export interface SmokeOptions {
  /** @default 10 */
  readonly attempts?: number;
  /** Per request. @default 10 000 ms */
  readonly timeoutMs?: number;
  /** Between attempts. @default 15 000 ms */
  readonly delayMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default console.log */
  readonly log?: (line: string) => void;
}

/** Base URLs to test instead of the environment's own (a local server in tests). */
export interface BaseUrls {
  readonly api?: string;
  readonly site?: string;
  readonly status?: string;
}

const STATUS_VALUES = ['operational', 'degraded', 'major_outage'];

/** The fields of the health and status documents read here. */
type HealthJson = { status?: unknown; system?: { status?: unknown } } | null | undefined;

function parseJson(body: string): HealthJson {
  try {
    return JSON.parse(body) as HealthJson;
  } catch {
    return undefined;
  }
}

/** The status page may publish its overall status at the top (`status`) or under `system.status`. */
export function overallStatus(json: HealthJson): unknown {
  return json?.status ?? json?.system?.status;
}

export function urlsFor(config: EnvironmentConfig): Required<BaseUrls> {
  const hosts = siteHosts(config.domain);
  return { api: `https://${hosts.api}`, site: `https://${hosts.site}`, status: `https://${hosts.status}` };
}

export function checksFor(urls: Required<BaseUrls>): SmokeCheck[] {
  const trim = (u: string) => u.replace(/\/+$/, '');
  return [
    {
      name: 'API health',
      url: `${trim(urls.api)}/health`,
      checkBody: (body) => {
        const status = parseJson(body)?.status;
        return status === 'healthy' ? undefined : `expected JSON {"status": "healthy"}, got ${JSON.stringify(body.slice(0, 120))}`;
      },
    },
    {
      name: 'Site health',
      url: `${trim(urls.site)}/health`,
      checkBody: (body) => (body.trim() === 'healthy' ? undefined : `expected "healthy", got ${JSON.stringify(body.slice(0, 120))}`),
    },
    {
      name: 'Status page JSON',
      url: `${trim(urls.status)}/status.json`,
      checkBody: (body) => {
        const json = parseJson(body);
        if (json === undefined) return `expected JSON, got ${JSON.stringify(body.slice(0, 120))}`;
        const status = overallStatus(json);
        if (!STATUS_VALUES.includes(status as string)) return `expected a status of ${STATUS_VALUES.join(', ')}, got ${JSON.stringify(status)}`;
        // A release must not roll on into an outage.
        return status === 'major_outage' ? 'the status page reports a major outage' : undefined;
      },
    },
  ];
}

async function attempt(check: SmokeCheck, timeoutMs: number): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(check.url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual', headers: { 'user-agent': 'flashcard-lms-smoke-test' } });
  } catch (e) {
    const err = e as Error & { cause?: Error };
    if (err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    return `request failed: ${err.cause?.message ?? err.message}`;
  }
  const body = await response.text();
  if (response.status !== 200) return `HTTP ${response.status}, expected 200`;
  return check.checkBody(body);
}

/** Runs every check with retries; resolves with each result, never rejects. */
export async function runSmokeTests(checks: readonly SmokeCheck[], options: SmokeOptions = {}): Promise<SmokeResult[]> {
  const attempts = options.attempts ?? 10;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const delayMs = options.delayMs ?? 15_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = options.log ?? ((line: string) => console.log(line));
  const results: SmokeResult[] = [];
  for (const check of checks) {
    let problem: string | undefined;
    let n = 0;
    while (n < attempts) {
      n += 1;
      problem = await attempt(check, timeoutMs);
      if (problem === undefined) break;
      log(`${check.name} (${check.url}) attempt ${n}/${attempts}: ${problem}`);
      if (n < attempts) await sleep(delayMs);
    }
    results.push({ check, ok: problem === undefined, attempts: n, problem });
  }
  return results;
}

export function formatResults(env: string, results: readonly SmokeResult[]): string {
  const lines = [`### Smoke test: ${env}`, '', '| check | URL | result |', '|---|---|---|'];
  for (const r of results) lines.push(`| ${r.check.name} | ${r.check.url} | ${r.ok ? `ok (attempt ${r.attempts})` : `FAILED after ${r.attempts} attempt(s): ${r.problem}`} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string' },
      'api-url': { type: 'string' },
      'site-url': { type: 'string' },
      'status-url': { type: 'string' },
      attempts: { type: 'string', default: '10' },
      'timeout-seconds': { type: 'string', default: '10' },
      'delay-seconds': { type: 'string', default: '15' },
    },
  });
  if (!values.env) throw new Error('--env is required: the environment to test, e.g. --env staging');
  const [config] = loadEnvironments({ only: [values.env], configFile: configFileOfApp() });
  const own = urlsFor(config);
  const urls = { api: values['api-url'] ?? own.api, site: values['site-url'] ?? own.site, status: values['status-url'] ?? own.status };
  const results = await runSmokeTests(checksFor(urls), {
    attempts: Number(values.attempts),
    timeoutMs: Number(values['timeout-seconds']) * 1000,
    delayMs: Number(values['delay-seconds']) * 1000,
  });
  const report = formatResults(values.env, results);
  printReport(report);
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    console.error(`\nSmoke test of ${values.env} failed: ${failed.map((r) => `${r.check.name} (${r.check.url}): ${r.problem}`).join('; ')}`);
    process.exit(1);
  }
}

runMain(module, main);
