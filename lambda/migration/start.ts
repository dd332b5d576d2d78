import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { errorMessage, log } from '../shared/log';
import { MigrationFailure } from './failure';
import { newRunId, premigrationPrefix, snapshotIdentifier } from './naming';
import { MigrationRun } from './run';
import { MigrationSettings } from './settings';
import { createSnapshot, listManualSnapshots } from './snapshot';
import { activeMigrationTasks } from './tasks';

export interface MigrationClients {
  readonly ecs: ECSClient;
  readonly docdb: DocDBClient;
  readonly cloudwatch: CloudWatchClient;
  readonly sns: SNSClient;
}

/** Why another run is under way (a migration task still wanted running, or a pre-migration snapshot still being taken), or undefined. */
export async function migrationInProgress(clients: MigrationClients, s: MigrationSettings): Promise<string | undefined> {
  const active = await activeMigrationTasks(clients.ecs, s);
  if (active.length > 0) {
    return `another migration is in progress: task${active.length > 1 ? 's' : ''} ${active.join(', ')} of family ${s.taskFamily} still running in ECS cluster ${s.ecsCluster}; wait for it to stop (or stop it) and retry`;
  }
  const prefix = premigrationPrefix(s.envName);
  const creating = (await listManualSnapshots(clients.docdb, s.clusterId)).filter(
    (snap) => snap.DBClusterSnapshotIdentifier?.startsWith(prefix) === true && snap.Status === 'creating',
  );
  if (creating.length > 0) {
    return `another migration is in progress: snapshot ${creating.map((snap) => snap.DBClusterSnapshotIdentifier).join(', ')} of cluster ${s.clusterId} is still being created; retry when its run has finished`;
  }
  return undefined;
}

/** Refuses to start while another run is under way, then starts the snapshot. */
export async function startMigration(clients: MigrationClients, s: MigrationSettings, now: Date, randomHex: string): Promise<MigrationRun> {
  const busy = await migrationInProgress(clients, s);
  if (busy !== undefined) throw new MigrationFailure('start', busy);

  const run: MigrationRun = { runId: newRunId(now, randomHex), snapshotId: snapshotIdentifier(s.envName, s.imageTag, now), startedAt: now.toISOString() };
  try {
    await createSnapshot(clients.docdb, s.clusterId, run.snapshotId, { Purpose: 'pre-migration', ImageTag: s.imageTag, MigrationRunId: run.runId });
  } catch (error) {
    throw new MigrationFailure('snapshot', `could not start snapshot ${run.snapshotId} of cluster ${s.clusterId}: ${errorMessage(error)}`);
  }
  log('info', 'migration run started: snapshot requested', { env: s.envName, imageTag: s.imageTag, runId: run.runId, snapshotId: run.snapshotId });
  return run;
}
