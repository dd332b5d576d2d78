/**
 * The smoke checks CI runs after a deploy (scripts/smoke-test.ts) and the deployment hook runs
 * against the new revision before it takes production traffic (lambda/deployment-hook): each
 * check retried until it answers as expected or the attempts run out, every request bounded.
 */

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
  /** Extra request headers, e.g. the one that routes to the test revision. @default none */
  readonly headers?: Readonly<Record<string, string>>;
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

const trim = (u: string) => u.replace(/\/+$/, '');

/** The API's /health answers 200 with JSON {"status": "healthy"}. */
export function apiHealthCheck(apiUrl: string): SmokeCheck {
  return {
    name: 'API health',
    url: `${trim(apiUrl)}/health`,
    checkBody: (body) => {
      const status = parseJson(body)?.status;
      return status === 'healthy' ? undefined : `expected JSON {"status": "healthy"}, got ${JSON.stringify(body.slice(0, 120))}`;
    },
  };
}

/** The site's /health answers 200 with "healthy". */
export function siteHealthCheck(siteUrl: string): SmokeCheck {
  return {
    name: 'Site health',
    url: `${trim(siteUrl)}/health`,
    checkBody: (body) => (body.trim() === 'healthy' ? undefined : `expected "healthy", got ${JSON.stringify(body.slice(0, 120))}`),
  };
}

/** The status page publishes a known status, and not a major outage. */
export function statusPageCheck(statusUrl: string): SmokeCheck {
  return {
    name: 'Status page JSON',
    url: `${trim(statusUrl)}/status.json`,
    checkBody: (body) => {
      const json = parseJson(body);
      if (json === undefined) return `expected JSON, got ${JSON.stringify(body.slice(0, 120))}`;
      const status = overallStatus(json);
      if (!STATUS_VALUES.includes(status as string)) return `expected a status of ${STATUS_VALUES.join(', ')}, got ${JSON.stringify(status)}`;
      // A release must not roll on into an outage.
      return status === 'major_outage' ? 'the status page reports a major outage' : undefined;
    },
  };
}

export function checksFor(urls: Required<BaseUrls>): SmokeCheck[] {
  return [apiHealthCheck(urls.api), siteHealthCheck(urls.site), statusPageCheck(urls.status)];
}

async function attempt(check: SmokeCheck, timeoutMs: number, headers: Readonly<Record<string, string>>): Promise<string | undefined> {
  let status: number;
  let body: string;
  try {
    // The timeout covers the body too: a server that sends headers and then stalls fails like one that never answers.
    const response = await fetch(check.url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual', headers: { 'user-agent': 'flashcard-lms-smoke-test', ...headers } });
    status = response.status;
    body = await response.text();
  } catch (e) {
    const err = e as Error & { cause?: Error };
    if (err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    return `request failed: ${err.cause?.message ?? err.message}`;
  }
  if (status !== 200) return `HTTP ${status}, expected 200`;
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
      problem = await attempt(check, timeoutMs, options.headers ?? {});
      if (problem === undefined) break;
      log(`${check.name} (${check.url}) attempt ${n}/${attempts}: ${problem}`);
      if (n < attempts) await sleep(delayMs);
    }
    results.push({ check, ok: problem === undefined, attempts: n, problem });
  }
  return results;
}
