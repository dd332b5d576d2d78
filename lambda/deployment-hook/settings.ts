import { Env, EnvReader } from '../shared/env-reader';

/** Which smoke check the hook runs: the one of the service being deployed. */
export const HOOK_CHECKS = ['api', 'site'] as const;
export type HookCheck = (typeof HOOK_CHECKS)[number];

/** Settings of the deployment hook, read once at cold start. */
export interface HookSettings {
  /** Base URL of the service's host, e.g. https://api.flashcard-lms.com. */
  readonly baseUrl: string;
  readonly check: HookCheck;
  /** Request header (lower case) and value that the test listener rule routes to the new revision. */
  readonly testHeader: { readonly name: string; readonly value: string };
  readonly attempts: number;
  readonly timeoutMs: number;
  readonly delayMs: number;
}

/** Attempts, per-request timeout and pauses together stay under this, so the function always answers ECS. */
export const MAX_CHECK_SECONDS = 120;

/** Longest the checks can take with these settings (seconds). */
export function worstCaseSeconds(s: Pick<HookSettings, 'attempts' | 'timeoutMs' | 'delayMs'>): number {
  return (s.attempts * s.timeoutMs + (s.attempts - 1) * s.delayMs) / 1000;
}

export function loadSettings(env: Env): HookSettings {
  const r = new EnvReader(env);
  const baseUrl = r.url('BASE_URL', ['https:', 'http:'], 'the https:// URL of the service host, e.g. https://api.flashcard-lms.com');
  const check = r.required('CHECK', HOOK_CHECKS.join(' or '));
  if (check !== '' && !(HOOK_CHECKS as readonly string[]).includes(check)) r.problem(`CHECK is "${check}" (expected ${HOOK_CHECKS.join(' or ')})`);
  const headerName = r.required('TEST_HEADER_NAME', 'the header the test listener rule matches, e.g. x-flashcard-test-traffic');
  if (headerName !== '' && !/^[a-z0-9-]{1,40}$/.test(headerName)) r.problem(`TEST_HEADER_NAME is "${headerName}" (expected a lower-case HTTP header name)`);
  const settings: HookSettings = {
    baseUrl,
    check: check as HookCheck,
    testHeader: { name: headerName, value: r.required('TEST_HEADER_VALUE', 'the value the test listener rule matches') },
    attempts: r.integer('ATTEMPTS', 3, { min: 1, max: 10 }, 'attempts'),
    timeoutMs: r.integer('TIMEOUT_SECONDS', 5, { min: 1, max: 30 }, 'seconds') * 1000,
    delayMs: r.integer('DELAY_SECONDS', 5, { min: 0, max: 30 }, 'seconds') * 1000,
  };
  const worst = worstCaseSeconds(settings);
  if (r.problemCount === 0 && worst > MAX_CHECK_SECONDS) {
    r.problem(`ATTEMPTS, TIMEOUT_SECONDS and DELAY_SECONDS allow ${worst} s of checks (expected at most ${MAX_CHECK_SECONDS} s)`);
  }
  r.finish('deployment-hook');
  return settings;
}
