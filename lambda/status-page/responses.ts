import type { ALBEvent, ALBResult } from 'aws-lambda';

/** No scripts, no external anything; inline styles and data: images only. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export const CACHE_PUBLIC = 'public, max-age=30';
export const CACHE_NONE = 'no-store';

/**
 * Browsers and proxies may keep a status answer only until the function's own snapshot is due
 * for a refresh, so no copy anywhere is older than one cache period.
 */
export function cacheUntil(expiresAt: number, now: number): string {
  return `public, max-age=${Math.max(0, Math.floor((expiresAt - now) / 1000))}`;
}

const REASONS = { 200: 'OK', 404: 'Not Found', 405: 'Method Not Allowed', 503: 'Service Unavailable' } as const;

export interface Reply {
  /** Only the statuses this function answers with, each with its reason phrase. */
  readonly status: keyof typeof REASONS;
  readonly contentType: string;
  readonly body: string;
  readonly cacheControl: string;
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

/**
 * An ALB target response. When the target group has multi-value headers on, the event
 * carries `multiValueHeaders` and the ALB ignores a plain `headers` map in the reply.
 */
export function albResult(event: ALBEvent, reply: Reply, headOnly: boolean): ALBResult {
  const headers: Record<string, string> = {
    'content-type': reply.contentType,
    'cache-control': reply.cacheControl,
    ...SECURITY_HEADERS,
    ...reply.extraHeaders,
  };
  const base = {
    statusCode: reply.status,
    statusDescription: `${reply.status} ${REASONS[reply.status]}`,
    body: headOnly ? '' : reply.body,
    isBase64Encoded: false,
  };
  return event.multiValueHeaders !== undefined ? { ...base, multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])) } : { ...base, headers };
}
