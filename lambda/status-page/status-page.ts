import type { ALBEvent, ALBResult } from 'aws-lambda';
import { errorMessage } from '../shared/error-message';
import { Logger } from '../shared/log';
import { FEED_PATH, renderAtom } from './feed';
import { LoadedStatus, StatusSnapshot } from './model';
import { renderHtml } from './render-html';
import { albResult, CACHE_NONE, CACHE_PUBLIC, cacheUntil, Reply } from './responses';

export interface StatusPageDeps {
  /** The cached snapshot and when it is due for a refresh; rejects only when none was ever loaded. */
  readonly snapshot: () => Promise<{ readonly data: LoadedStatus; readonly stale: boolean; readonly expiresAt: number }>;
  readonly log: Logger;
  /** The clock, in epoch milliseconds. */
  readonly now: () => number;
  /** Public address of the page, without a trailing slash. */
  readonly pageUrl: string;
}

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
// The Atom media type (RFC 4287, section 7).
const ATOM = 'application/atom+xml; charset=utf-8';

/**
 * Routes an ALB request: `/` the page, `/status.json` and `/api/status` the JSON, `/feed.atom`
 * the incidents feed, `/health` the target's own health check (no CloudWatch call). GET and HEAD only.
 */
export async function handleRequest(event: ALBEvent, deps: StatusPageDeps): Promise<ALBResult> {
  checkEvent(event);
  const method = event.httpMethod.toUpperCase();
  const path = event.path.length > 1 ? event.path.replace(/\/+$/, '') : event.path;
  const route = ROUTES[path];
  if (route === undefined) {
    return albResult(event, { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found\n', cacheControl: CACHE_PUBLIC }, method === 'HEAD');
  }
  if (method !== 'GET' && method !== 'HEAD') {
    return albResult(
      event,
      { status: 405, contentType: 'text/plain; charset=utf-8', body: 'Method not allowed\n', cacheControl: CACHE_NONE, extraHeaders: { allow: 'GET, HEAD' } },
      false,
    );
  }
  if (route === 'health') return albResult(event, { status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok', cacheControl: CACHE_NONE }, method === 'HEAD');

  let reply: Reply;
  try {
    const { data, stale, expiresAt } = await deps.snapshot();
    const snapshot: StatusSnapshot = { ...data, stale };
    if (stale) deps.log('warn', 'serving a stale status snapshot', { last_updated: data.last_updated });
    const cacheControl = cacheUntil(expiresAt, deps.now());
    reply =
      route === 'json'
        ? { status: 200, contentType: JSON_TYPE, body: `${JSON.stringify(snapshot, null, 2)}\n`, cacheControl }
        : route === 'feed'
          ? { status: 200, contentType: ATOM, body: renderAtom(snapshot, deps.pageUrl), cacheControl }
          : { status: 200, contentType: HTML, body: renderHtml(snapshot), cacheControl };
  } catch (err) {
    deps.log('error', 'status unavailable: CloudWatch could not be read', { error: errorMessage(err) });
    reply = unavailable(route);
  }
  return albResult(event, reply, method === 'HEAD');
}

const ROUTES: Readonly<Record<string, 'html' | 'json' | 'feed' | 'health'>> = {
  '/': 'html',
  '/index.html': 'html',
  '/status.json': 'json',
  '/api/status': 'json',
  [FEED_PATH]: 'feed',
  '/health': 'health',
};

function unavailable(route: 'html' | 'json' | 'feed'): Reply {
  const extraHeaders = { 'retry-after': '30' };
  if (route !== 'html') {
    return { status: 503, contentType: JSON_TYPE, body: '{"error":"status temporarily unavailable"}\n', cacheControl: CACHE_NONE, extraHeaders };
  }
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="30"><title>Status unavailable</title></head><body style="font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:40rem;padding:0 1rem"><h1>Status temporarily unavailable</h1><p>The current status could not be read. This page retries in 30 seconds.</p></body></html>\n`;
  return { status: 503, contentType: HTML, body, cacheControl: CACHE_NONE, extraHeaders };
}

/** Only the ALB invokes the function; anything else fails naming what is missing. */
function checkEvent(event: unknown): asserts event is ALBEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new Error(`status-page event must be an ALB request (got ${JSON.stringify(event) ?? 'nothing'})`);
  const e = event as Record<string, unknown>;
  const problems = (['httpMethod', 'path'] as const)
    .filter((key) => typeof e[key] !== 'string')
    .map((key) => `${key} must be a string (got ${JSON.stringify(e[key]) ?? 'nothing'})`);
  if (problems.length > 0) throw new Error(`status-page event: ${problems.join('; ')}`);
}
