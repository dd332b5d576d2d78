import { Env, EnvReader } from '../shared/env-reader';

/** What the public page says about one alarm: written for users, never the alarm's name or reason. */
export interface PublicNotice {
  /** e.g. "Elevated API errors". */
  readonly title: string;
  /** One or two sentences for users, e.g. "Some requests to the API fail. We are on it." */
  readonly text: string;
}

/** Limits that keep a notice short on a phone and the environment variable small (Lambda allows 4 KB of variables). */
export const MAX_TITLE = 80;
export const MAX_TEXT = 300;
export const MAX_PUBLIC_ALARMS = 20;
// CloudWatch alarm names: up to 255 characters; ours are `<env>-<purpose>`.
const ALARM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `PUBLIC_INCIDENTS`: a JSON object from alarm name to `{ "title", "text" }`. Only these alarms
 * become public incidents, and only with these words. Every alarm must start with `prefix`
 * (the environment's alarms, the only ones the function may read). Unset: no incidents shown.
 */
export function readPublicIncidents(env: Env, r: EnvReader, prefix: string): Readonly<Record<string, PublicNotice>> {
  const raw = env.PUBLIC_INCIDENTS;
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON: `parsed` stays undefined and is refused below.
  }
  if (!isRecord(parsed)) {
    r.problem(`PUBLIC_INCIDENTS is not a JSON object (expected {"<alarm name>": {"title": "...", "text": "..."}})`);
    return {};
  }
  const names = Object.keys(parsed);
  if (names.length > MAX_PUBLIC_ALARMS) r.problem(`PUBLIC_INCIDENTS lists ${names.length} alarms (expected at most ${MAX_PUBLIC_ALARMS})`);
  const notices: Record<string, PublicNotice> = {};
  for (const name of names) {
    const value = parsed[name];
    if (!ALARM_NAME.test(name) || !name.startsWith(prefix)) {
      r.problem(`PUBLIC_INCIDENTS alarm "${name}" is not an alarm name starting with "${prefix}" (the environment's alarms only)`);
      continue;
    }
    const fields = isRecord(value) ? Object.keys(value) : [];
    const text = (key: 'title' | 'text', max: number): string => {
      const v = isRecord(value) ? value[key] : undefined;
      if (typeof v === 'string' && v.trim() !== '' && v.length <= max) return v.trim();
      r.problem(`PUBLIC_INCIDENTS "${name}".${key} is ${JSON.stringify(v) ?? 'missing'} (expected 1 to ${max} characters)`);
      return '';
    };
    const notice = { title: text('title', MAX_TITLE), text: text('text', MAX_TEXT) };
    const extra = fields.filter((f) => f !== 'title' && f !== 'text');
    if (extra.length > 0) r.problem(`PUBLIC_INCIDENTS "${name}" has ${extra.join(', ')} (expected only title and text)`);
    notices[name] = notice;
  }
  return notices;
}
