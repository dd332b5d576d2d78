import { RUN_ID, snapshotIdentifier } from './naming';
import { MigrationRun } from './run';
import { IMAGE_TAG, MigrationSettings } from './settings';

/**
 * What a caller may put in a migration event. Everything else (cluster, task definition,
 * subnets, security groups, commands) comes from the function's own environment, so whoever
 * may invoke the function can start the configured migration of the deployed image, nothing else.
 */
// CloudFormation passes every template property, ServiceToken and ServiceTimeout included.
export const ACCEPTED_PROPERTIES: readonly string[] = ['ServiceToken', 'ServiceTimeout', 'ImageTag', 'SkipRun'];

const REQUEST_TYPES = ['Create', 'Update', 'Delete'];

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request type, or an error naming what is missing or wrong. */
export function requestType(event: unknown): 'Create' | 'Update' | 'Delete' {
  if (!isRecord(event)) throw new Error(`DatabaseMigration event must be a JSON object (got ${describe(event)})`);
  const type = event.RequestType;
  if (typeof type !== 'string' || !REQUEST_TYPES.includes(type)) {
    throw new Error(`DatabaseMigration event: RequestType must be one of ${REQUEST_TYPES.join(', ')} (got ${describe(type)})`);
  }
  return type as 'Create' | 'Update' | 'Delete';
}

/** The image tag asked for, checked against the pattern; refuses any other property. */
export function requestedImageTag(properties: unknown, field = 'ResourceProperties'): string {
  if (!isRecord(properties)) throw new Error(`DatabaseMigration event: ${field} must be an object holding ImageTag (got ${describe(properties)})`);
  const problems: string[] = [];
  const extra = Object.keys(properties).filter((k) => !ACCEPTED_PROPERTIES.includes(k));
  if (extra.length > 0) {
    problems.push(`${field} may hold only ${ACCEPTED_PROPERTIES.join(', ')}; the other settings come from the function's configuration (got ${extra.join(', ')})`);
  }
  const tag = properties.ImageTag;
  if (typeof tag !== 'string' || !IMAGE_TAG.test(tag)) {
    problems.push(`${field}.ImageTag must be an image tag (A-Z, a-z, 0-9, "_", "." and "-", at most 128, not starting with "." or "-") (got ${describe(tag)})`);
  }
  if (problems.length > 0) throw new Error(`Invalid DatabaseMigration event:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return tag as string;
}

/** Refuses a tag other than the deployed one: only the task definition this stack made for its tag may run. */
export function requireDeployedTag(tag: string, s: MigrationSettings): void {
  if (tag !== s.imageTag) {
    throw new Error(
      `DatabaseMigration event asks for image tag "${tag}", but the deployed tag is "${s.imageTag}": only the deployed image's migration can run (deploy the tag first)`,
    );
  }
}

/** Start time encoded in a run id (`yyyymmddhhmmss-...`). */
function runIdTime(runId: string): Date {
  const part = (from: number, to: number) => Number(runId.slice(from, to));
  return new Date(Date.UTC(part(0, 4), part(4, 6) - 1, part(6, 8), part(8, 10), part(10, 12), part(12, 14)));
}

/**
 * The run onEvent started, from the Data the Provider hands back; undefined when none was.
 * The snapshot id and start time must be the ones the run id implies, so a caller cannot
 * point a poll at another snapshot (to protect it from pruning or to wait on it) or back-date a run.
 */
export function runFromData(data: unknown, s: MigrationSettings): MigrationRun | undefined {
  if (data !== undefined && !isRecord(data)) throw new Error(`isComplete event: Data must be an object (got ${describe(data)})`);
  const runId = data?.RunId;
  if (runId === undefined || runId === '') return undefined;
  const snapshotId = data?.SnapshotId;
  const startedAt = data?.StartedAt;
  const valid = typeof runId === 'string' && RUN_ID.test(runId) && typeof snapshotId === 'string' && typeof startedAt === 'string' && !Number.isNaN(Date.parse(startedAt));
  if (!valid) {
    throw new Error(`isComplete received no valid run from onEvent: Data must hold RunId (yyyymmddhhmmss-xxxxxx), SnapshotId and StartedAt (got ${JSON.stringify(data)})`);
  }
  const at = runIdTime(runId);
  const expectedSnapshot = snapshotIdentifier(s.envName, s.imageTag, at);
  const problems: string[] = [];
  if (snapshotId !== expectedSnapshot) problems.push(`SnapshotId must be ${expectedSnapshot}, the snapshot of run ${runId} (got "${snapshotId}")`);
  if (Math.floor(Date.parse(startedAt) / 1000) !== at.getTime() / 1000) problems.push(`StartedAt must be the time of run ${runId}, ${at.toISOString()} (got "${startedAt}")`);
  if (problems.length > 0) throw new Error(`isComplete event does not match its run:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { runId, snapshotId, startedAt };
}
