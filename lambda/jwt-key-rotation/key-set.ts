/**
 * The JWT signing key secret (docs/secret-rotation.md): the backend signs with `current` and
 * accepts tokens signed with any non-empty key of the three. ECS injects each field as its own
 * variable: JWT_SECRET_KEY, JWT_SECRET_KEY_PREVIOUS, JWT_SECRET_KEY_NEXT.
 */
export interface JwtKeySet {
  readonly current: string;
  /** The key `current` replaced; tokens it signed stay valid one more rotation. Empty when none. */
  readonly previous: string;
  /** The key the next rotation signs with; running tasks accept it before anyone signs with it. */
  readonly next: string;
}

export const KEY_FIELDS = ['current', 'previous', 'next'] as const;
/** Length of generated keys; at least 64 characters (HS256 wants 256 bits or more). */
export const KEY_LENGTH = 96;
const MIN_LENGTH = 64;

/** Reads the stored value; a plain string (the format before rotation) is taken as `current`. */
export function parseKeySet(text: string): JwtKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { current: text, previous: '', next: '' };
  }
  if (typeof parsed === 'string') return { current: parsed, previous: '', next: '' };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('The JWT key secret is neither a string nor a JSON object {"current", "previous", "next"}');
  const record = parsed as Record<string, unknown>;
  const fields = KEY_FIELDS.map((f) => [f, record[f] ?? ''] as const);
  const bad = fields.filter(([, v]) => typeof v !== 'string').map(([f]) => f);
  if (bad.length > 0) throw new Error(`The JWT key secret has non-string field(s) ${bad.map((f) => `"${f}"`).join(', ')}`);
  return Object.fromEntries(fields) as unknown as JwtKeySet;
}

/**
 * One rotation: the announced `next` key starts signing (every running task already accepts it),
 * `current` becomes `previous`, and a new key is announced. Without an announced key (the first
 * rotation) the signing key stays and only `next` is set, so no task ever meets an unknown key.
 */
export function rotateKeySet(from: JwtKeySet, newKey: string): JwtKeySet {
  if (from.next === '') return { current: from.current, previous: from.previous, next: newKey };
  return { current: from.next, previous: from.current, next: newKey };
}

/** Problems that would make the backend refuse to start or sign badly; empty when sound. */
export function keySetProblems(set: JwtKeySet): string[] {
  const problems: string[] = [];
  if (set.current.length < MIN_LENGTH) problems.push(`"current" has ${set.current.length} characters (at least ${MIN_LENGTH})`);
  if (set.next.length < MIN_LENGTH) problems.push(`"next" has ${set.next.length} characters (at least ${MIN_LENGTH})`);
  if (set.previous !== '' && set.previous.length < MIN_LENGTH) problems.push(`"previous" has ${set.previous.length} characters (at least ${MIN_LENGTH}, or empty)`);
  const used = [set.current, set.previous, set.next].filter((k) => k !== '');
  if (new Set(used).size !== used.length) problems.push('two fields hold the same key');
  return problems;
}

export function formatKeySet(set: JwtKeySet): string {
  return JSON.stringify({ current: set.current, previous: set.previous, next: set.next });
}
