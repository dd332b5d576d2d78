import { redact } from './redact';
import { CheckOutcome } from './types';

export type Fetch = typeof fetch;

/** Longest body kept for the checks; health answers are small. */
const MAX_BODY_CHARS = 64 * 1024;

/**
 * GET `url` and require 200 with a JSON body whose `status` is `healthy`. A `degraded` body
 * (the backend's /health/detailed when a dependency is down) is unhealthy, with the failing
 * dependencies in the details.
 */
export async function checkApi(fetchFn: Fetch, url: string, signal: AbortSignal): Promise<CheckOutcome> {
  const res = await get(fetchFn, url, signal);
  if (res.status !== 200) return { healthy: false, reason: `HTTP ${res.status}`, details: { url: safeUrl(url) } };
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return { healthy: false, reason: 'body is not JSON', details: { url: safeUrl(url), body: res.body.slice(0, 200) } };
  }
  const status = isRecord(body) ? body.status : undefined;
  if (status === 'healthy') return { healthy: true };
  return {
    healthy: false,
    reason: `status is ${JSON.stringify(status ?? null)}`,
    details: { url: safeUrl(url), failingDependencies: failingDependencies(body) },
  };
}

/** GET `url` and require 200 with a body containing `healthy`. */
export async function checkWeb(fetchFn: Fetch, url: string, signal: AbortSignal): Promise<CheckOutcome> {
  const res = await get(fetchFn, url, signal);
  if (res.status !== 200) return { healthy: false, reason: `HTTP ${res.status}`, details: { url: safeUrl(url) } };
  if (!res.body.includes('healthy')) {
    return { healthy: false, reason: 'body does not contain "healthy"', details: { url: safeUrl(url), body: res.body.slice(0, 200) } };
  }
  return { healthy: true };
}

async function get(fetchFn: Fetch, url: string, signal: AbortSignal): Promise<{ status: number; body: string }> {
  // A redirect is a misconfiguration for a health endpoint: report it instead of following it.
  const res = await fetchFn(url, {
    method: 'GET',
    redirect: 'manual',
    signal,
    headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1', 'user-agent': 'FlashcardLMS-HealthCheck/1.0' },
  });
  const body = (await res.text()).slice(0, MAX_BODY_CHARS);
  return { status: res.status, body };
}

/** `{ dependencies: { database: { status: 'unhealthy', error } } }` → `{ database: error }`. */
function failingDependencies(body: unknown): Record<string, string> {
  const deps = isRecord(body) && isRecord(body.dependencies) ? body.dependencies : {};
  const failing: Record<string, string> = {};
  for (const [name, dep] of Object.entries(deps)) {
    const status = isRecord(dep) ? dep.status : dep;
    if (status !== 'healthy') {
      const error = isRecord(dep) && typeof dep.error === 'string' ? dep.error : `status ${JSON.stringify(status ?? null)}`;
      failing[name] = redact(error).slice(0, 300);
    }
  }
  return failing;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The URL without user info or query string, safe to log. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '[invalid URL]';
  }
}
