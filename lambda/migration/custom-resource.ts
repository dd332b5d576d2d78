import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { log } from '../shared/log';
import type { OnEventResponse } from '../shared/provider-types';
import { pollMigration } from './poll';
import { reportFailure } from './report';
import { isRollingBack } from './rollback';
import { requestedImageTag, requestType, requireDeployedTag, runFromData } from './request';
import { MigrationRun } from './run';
import { MigrationSettings } from './settings';
import { MigrationClients, startMigration } from './start';

export interface MigrationDeps extends MigrationClients {
  readonly cloudformation: CloudFormationClient;
  readonly now: () => Date;
  /** At least 6 hex characters. */
  readonly randomHex: () => string;
  /** From the function's environment, never from the event. */
  readonly settings: MigrationSettings;
  /** The migration stack, whose status says whether an Update is a rollback. */
  readonly stackId: string;
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

/** Why a Create or Update runs no migration, if it does not. */
function skipReason(event: CloudFormationCustomResourceEvent, imageTag: string): string | undefined {
  // A rollback deploys an earlier image onto today's schema: migrations only move forward.
  if (event.ResourceProperties.SkipRun === 'true') return 'deployed with -c migrate=false (a rollback)';
  if (event.RequestType === 'Update' && event.OldResourceProperties?.ImageTag === imageTag) return 'image tag unchanged';
  return undefined;
}

/**
 * Create, and Update with a new image tag: refuse if a run is under way, start the snapshot.
 * Delete: nothing (snapshots and data stay).
 */
export async function onMigrationEvent(event: CloudFormationCustomResourceEvent, deps: MigrationDeps): Promise<OnEventResponse> {
  const s = deps.settings;
  const ownId = `${s.envName}-database-migration`;
  if (requestType(event) === 'Delete') {
    const id = (event as { PhysicalResourceId?: unknown }).PhysicalResourceId;
    log('info', 'delete: nothing to do (snapshots and data stay)', { physicalResourceId: id });
    return { PhysicalResourceId: typeof id === 'string' && id !== '' ? id : ownId };
  }
  // First, before the event is checked: a stack rollback sends the previous template's
  // properties (which may predate this handler's rules) and must run nothing, never fail.
  if (event.RequestType === 'Update' && (await isRollingBack(deps.cloudformation, deps.stackId))) {
    log('info', 'no migration run: stack is rolling back', { env: s.envName });
    return { PhysicalResourceId: ownId, Data: SKIPPED_START };
  }
  const imageTag = requestedImageTag(event.ResourceProperties);
  const skip = skipReason(event, imageTag);
  if (skip !== undefined) {
    log('info', `no migration run: ${skip}`, { env: s.envName, imageTag });
    return { PhysicalResourceId: ownId, Data: SKIPPED_START };
  }
  requireDeployedTag(imageTag, s);
  const physicalResourceId = ownId;
  let run: MigrationRun;
  try {
    run = await startMigration(deps, s, deps.now(), deps.randomHex());
  } catch (error) {
    throw await reportFailure(deps, s, undefined, error, 'start');
  }
  return { PhysicalResourceId: physicalResourceId, Data: { RunId: run.runId, SnapshotId: run.snapshotId, StartedAt: run.startedAt, Status: 'started' } };
}

/** Polled by the Provider until complete or failed; derives the run's state from AWS each time. */
export async function isMigrationComplete(event: IsCompleteEvent, deps: MigrationDeps): Promise<IsCompleteResponse> {
  if (requestType(event) === 'Delete') return { IsComplete: true };
  const s = deps.settings;
  const run = runFromData(event.Data, s);
  if (run === undefined) return { IsComplete: true, Data: SKIPPED_END };
  requireDeployedTag(requestedImageTag(event.ResourceProperties), s);
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
