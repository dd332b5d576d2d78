/** Names that tie AWS resources to one migration run, so every poll can find them again. */

export type TaskStep = 'migrate' | 'verify';

/** UTC `yyyymmddhhmmss`. */
export function compactTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** `<yyyymmddhhmmss>-<6 hex>`: sortable, and short enough for ECS's startedBy (36 characters here). */
export function newRunId(at: Date, randomHex: string): string {
  return `${compactTimestamp(at)}-${randomHex.toLowerCase().slice(0, 6)}`;
}

export const RUN_ID = /^\d{14}-[0-9a-f]{6}$/;

/** ECS `startedBy` of a run's task for `step`; at most 28 characters. */
export function startedByToken(step: TaskStep, runId: string): string {
  return `${step}-${runId}`;
}

/** Snapshots of this environment's migrations, and only those, start with this. */
export function premigrationPrefix(envName: string): string {
  const env = sanitizeIdentifierPart(envName);
  const safe = /^[a-z]/.test(env) ? env : `env${env === '' ? '' : `-${env}`}`;
  return `${safe}-premigration-`;
}

/** Letters, digits and single hyphens, no hyphen at either end (DocumentDB identifier rules). */
export function sanitizeIdentifierPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const MAX_SNAPSHOT_ID = 255;

/**
 * `<env>-premigration-<sanitized tag>-<yyyymmddhhmmss>`, within DocumentDB's rules: starts
 * with a letter, at most 255 characters, no double or trailing hyphen. Lower case, as
 * DocumentDB stores it.
 */
export function snapshotIdentifier(envName: string, imageTag: string, at: Date): string {
  const prefix = premigrationPrefix(envName);
  const stamp = compactTimestamp(at);
  const room = MAX_SNAPSHOT_ID - prefix.length - stamp.length - 1;
  const tag = sanitizeIdentifierPart(imageTag).slice(0, Math.max(room, 0)).replace(/-$/, '');
  return `${prefix}${tag === '' ? 'untagged' : tag}-${stamp}`;
}
