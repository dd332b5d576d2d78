import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { log } from '../shared/log';
import type { OnEventResponse } from '../shared/provider-types';
import { RUN_ID } from './naming';
import { pollMigration } from './poll';
import { reportFailure } from './report';
import { isRollingBack } from './rollback';
import { MigrationRun } from './run';
import { MigrationSettings, parseMigrationSettings } from './settings';
import { MigrationClients, startMigration } from './start';

export interface MigrationDeps extends MigrationClients {
  readonly cloudformation: CloudFormationClient;
  readonly now: () => Date;
  /** At least 6 hex characters. */
  readonly randomHex: () => string;
}

/** What the Provider passes to isComplete: the request plus onEvent's answer. */
export type IsCompleteEvent = CloudFormationCustomResourceEvent & {
  readonly PhysicalResourceId?: string;
  readonly Data?: Readonly<Record<string, unknown>>;
};

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Readonly<Record<string, string>>;
}

const SKIPPED_START = { RunId: '', SnapshotId: '', StartedAt: '', Status: 'skipped' };
const SKIPPED_END = { Status: 'skipped', DurationSeconds: '0', MigrateTaskArn: '', VerifyTaskArn: '', PrunedSnapshots: '' };

/** Why an Update runs no migration, if it does not. */
async function skipReason(event: CloudFormationCustomResourceEvent, s: MigrationSettings, deps: MigrationDeps): Promise<string | undefined> {
  // A rollback deploys an earlier image onto today's schema: migrations only move forward.
  if (event.ResourceProperties.SkipRun === 'true') return 'deployed with -c migrate=false (a rollback)';
  if (event.RequestType !== 'Update') return undefined;
  if (event.OldResourceProperties?.ImageTag === s.imageTag) return 'image tag unchanged';
  if (await isRollingBack(deps.cloudformation, event.StackId)) return 'stack is rolling back';
  return undefined;
}

/**
 * Create, and Update with a new image tag: refuse if a run is under way, start the snapshot.
 * Delete: nothing (snapshots and data stay).
 */
export async function onMigrationEvent(event: CloudFormationCustomResourceEvent, deps: MigrationDeps): Promise<OnEventResponse> {
  if (event.RequestType === 'Delete') {
    log('info', 'delete: nothing to do (snapshots and data stay)', { physicalResourceId: event.PhysicalResourceId });
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const s = parseMigrationSettings(event.ResourceProperties);
  const physicalResourceId = event.RequestType === 'Update' ? event.PhysicalResourceId : `${s.envName}-database-migration`;
  const skip = await skipReason(event, s, deps);
  if (skip !== undefined) {
    log('info', `no migration run: ${skip}`, { env: s.envName, imageTag: s.imageTag });
    return { PhysicalResourceId: physicalResourceId, Data: SKIPPED_START };
  }
  let run: MigrationRun;
  try {
    run = await startMigration(deps, s, deps.now(), deps.randomHex());
  } catch (error) {
    throw await reportFailure(deps, s, undefined, error, 'start');
  }
  return { PhysicalResourceId: physicalResourceId, Data: { RunId: run.runId, SnapshotId: run.snapshotId, StartedAt: run.startedAt, Status: 'started' } };
}

/** The run onEvent started, from the Data the Provider hands back; undefined when none was. */
function runFromData(data: Readonly<Record<string, unknown>> | undefined): MigrationRun | undefined {
  const runId = data?.RunId;
  if (runId === undefined || runId === '') return undefined;
  const snapshotId = data?.SnapshotId;
  const startedAt = data?.StartedAt;
  if (typeof runId !== 'string' || !RUN_ID.test(runId) || typeof snapshotId !== 'string' || snapshotId === '' || typeof startedAt !== 'string' || Number.isNaN(Date.parse(startedAt))) {
    throw new Error(`isComplete received no valid run from onEvent: Data must hold RunId (yyyymmddhhmmss-xxxxxx), SnapshotId and StartedAt (got ${JSON.stringify(data)})`);
  }
  return { runId, snapshotId, startedAt };
}

/** Polled by the Provider until complete or failed; derives the run's state from AWS each time. */
export async function isMigrationComplete(event: IsCompleteEvent, deps: MigrationDeps): Promise<IsCompleteResponse> {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const run = runFromData(event.Data);
  if (run === undefined) return { IsComplete: true, Data: SKIPPED_END };
  const s = parseMigrationSettings(event.ResourceProperties);
  let outcome;
  try {
    outcome = await pollMigration(deps, s, run, deps.now());
  } catch (error) {
    throw await reportFailure(deps, s, run, error, 'poll');
  }
  if (!outcome.done) return { IsComplete: false };
  const r = outcome.result;
  return {
    IsComplete: true,
    Data: {
      Status: 'succeeded',
      DurationSeconds: String(r.durationSeconds),
      MigrateTaskArn: r.migrateTaskArn,
      VerifyTaskArn: r.verifyTaskArn,
      PrunedSnapshots: r.prunedSnapshots.join(','),
    },
  };
}
