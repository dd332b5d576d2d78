import { errorMessage } from '../shared/error-message';

/** Why a connection to the database failed, as on-call needs to read it. */
export type MongoFailureKind = 'untrusted certificate' | 'connection refused' | 'authentication failed' | 'timed out' | 'host not found' | 'other';

export interface MongoFailure {
  readonly kind: MongoFailureKind;
  /** The kind, the code that decided it (when one did) and the driver's message. */
  readonly reason: string;
}

// Node's TLS verification codes (https://nodejs.org/api/tls.html, "X509 certificate error codes").
const CERTIFICATE_CODES: ReadonlySet<unknown> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
// MongoDB server error code 18 is AuthenticationFailed (https://www.mongodb.com/docs/manual/reference/error-codes/).
const AUTHENTICATION_FAILED = 18;

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly codeName?: unknown;
  readonly cause?: unknown;
  /** MongoServerSelectionError: the topology it gave up on, with each server's last error. */
  readonly reason?: { readonly servers?: { values(): Iterable<{ readonly error?: unknown }> } };
}

/**
 * Names the real cause of a failed connection or command. The driver wraps it: a server
 * selection error carries each server's last error in `reason.servers`, and network errors
 * carry the socket's error (with Node's `code`) as `cause`.
 */
export function classifyMongoError(err: unknown): MongoFailure {
  const chain = errorChain(err);
  const message = distinctMessages(err);
  for (const e of chain) {
    if (CERTIFICATE_CODES.has(e.code)) return failure('untrusted certificate', String(e.code), message);
  }
  for (const e of chain) {
    if (e.code === 'ECONNREFUSED') return failure('connection refused', 'ECONNREFUSED', message);
    if (e.code === AUTHENTICATION_FAILED || e.codeName === 'AuthenticationFailed') return failure('authentication failed', 'code 18', message);
    if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return failure('host not found', e.code, message);
  }
  const timedOut = chain.some((e) => e.name === 'MongoNetworkTimeoutError' || e.name === 'MongoServerSelectionError' || e.name === 'CheckTimeoutError' || e.code === 'ETIMEDOUT');
  if (timedOut || /timed out/i.test(message)) return failure('timed out', undefined, message);
  return failure('other', undefined, message);
}

function failure(kind: MongoFailureKind, code: string | undefined, message: string): MongoFailure {
  if (kind === 'other') return { kind, reason: message };
  return { kind, reason: `${kind}${code === undefined ? '' : ` (${code})`}: ${message}` };
}

/** The messages of the error and its causes, each once: the driver repeats the socket's message at every level. */
function distinctMessages(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as ErrorLike).cause, depth++) {
    const m = (e as ErrorLike).message;
    if (typeof m === 'string' && m !== '' && !parts.some((p) => p.includes(m))) parts.push(m);
  }
  return parts.length === 0 ? errorMessage(err) : parts.join(' (') + ')'.repeat(parts.length - 1);
}

/** The error, its causes and the last error of every server it selected from, without repeats. */
function errorChain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const visit = (e: unknown): void => {
    if (typeof e !== 'object' || e === null || out.includes(e) || out.length > 20) return;
    const like = e as ErrorLike;
    out.push(like);
    visit(like.cause);
    const servers = like.reason?.servers;
    if (servers !== undefined && typeof servers.values === 'function') {
      for (const server of servers.values()) visit(server.error);
    }
  };
  visit(err);
  return out;
}
