import { log } from '../shared/log';
import { MigrationFailure } from './failure';
import { publishRunMetrics } from './metrics';
import { startedByToken, TaskStep } from './naming';
import { prunePremigrationSnapshots } from './prune';
import { MigrationRun } from './run';
import { MigrationSettings } from './settings';
import { snapshotStatus } from './snapshot';
import { MigrationClients } from './start';
import { startTask, taskState, TaskState } from './tasks';

export type ProgressStep = 'snapshot' | TaskStep;

export interface RunResult {
  readonly durationSeconds: number;
  readonly migrateTaskArn: string;
  readonly verifyTaskArn: string;
  readonly prunedSnapshots: readonly string[];
}

export type PollOutcome =
  { readonly done: false; readonly step: ProgressStep; readonly status: string; readonly taskArn?: string } | { readonly done: true; readonly result: RunResult };

// Snapshot states that end on their own; anything else but `available` is a failure.
const SNAPSHOT_IN_PROGRESS = ['creating', 'copying'];

function failIfStopped(step: TaskStep, state: TaskState, command: readonly string[]): void {
  if (state.kind !== 'failed') return;
  const exit = state.exitCode === undefined ? 'no exit code' : `exit code ${state.exitCode}`;
  throw new MigrationFailure(step, `the ${step} task (${command.join(' ')}) failed: ${exit}; ${state.reason}`, { arn: state.taskArn, exitCode: state.exitCode });
}

/**
 * One step forward. The state comes from AWS on every call, newest step first (a verify task
 * exists only after the migrate task succeeded, and stopped tasks vanish from ECS after about
 * an hour), so a retried or repeated poll never starts a task twice.
 */
async function advance(clients: MigrationClients, s: MigrationSettings, run: MigrationRun, now: Date): Promise<PollOutcome> {
  const verifyToken = startedByToken('verify', run.runId);
  const migrateToken = startedByToken('migrate', run.runId);

  const verify = await taskState(clients.ecs, s.ecsCluster, verifyToken, s.containerName);
  if (verify.kind === 'running') return { done: false, step: 'verify', status: verify.lastStatus, taskArn: verify.taskArn };
  failIfStopped('verify', verify, s.verifyCommand);
  if (verify.kind === 'succeeded') {
    const migrate = await taskState(clients.ecs, s.ecsCluster, migrateToken, s.containerName);
    return { done: true, result: await finish(clients, s, run, now, migrate.kind === 'absent' ? '' : migrate.taskArn, verify.taskArn) };
  }

  const migrate = await taskState(clients.ecs, s.ecsCluster, migrateToken, s.containerName);
  if (migrate.kind === 'running') return { done: false, step: 'migrate', status: migrate.lastStatus, taskArn: migrate.taskArn };
  failIfStopped('migrate', migrate, s.migrateCommand);
  if (migrate.kind === 'succeeded') {
    const taskArn = await startTask(clients.ecs, s, 'verify', verifyToken);
    log('info', 'migrate task succeeded; verify task started', { runId: run.runId, migrateTaskArn: migrate.taskArn, verifyTaskArn: taskArn });
    return { done: false, step: 'verify', status: 'STARTED', taskArn };
  }

  const status = await snapshotStatus(clients.docdb, run.snapshotId);
  if (SNAPSHOT_IN_PROGRESS.includes(status)) return { done: false, step: 'snapshot', status };
  if (status !== 'available') {
    throw new MigrationFailure('snapshot', `snapshot ${run.snapshotId} is ${status}, not available; the migration did not run`);
  }
  const taskArn = await startTask(clients.ecs, s, 'migrate', migrateToken);
  log('info', 'snapshot available; migrate task started', { runId: run.runId, snapshotId: run.snapshotId, migrateTaskArn: taskArn });
  return { done: false, step: 'migrate', status: 'STARTED', taskArn };
}

async function finish(clients: MigrationClients, s: MigrationSettings, run: MigrationRun, now: Date, migrateTaskArn: string, verifyTaskArn: string): Promise<RunResult> {
  const durationSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(run.startedAt)) / 1000));
  await publishRunMetrics(clients.cloudwatch, s, true, durationSeconds);
  const prunedSnapshots = await prunePremigrationSnapshots(clients.docdb, s, now, run.snapshotId);
  log('info', 'migration run succeeded', { env: s.envName, imageTag: s.imageTag, runId: run.runId, snapshotId: run.snapshotId, durationSeconds, migrateTaskArn, verifyTaskArn });
  return { durationSeconds, migrateTaskArn, verifyTaskArn, prunedSnapshots };
}

/**
 * Advances the run and says whether it is done; throws a MigrationFailure when a step failed
 * or the run outlived `timeoutMinutes` (a task still running is left alone: stopping a
 * migration half-way is worse than letting it end).
 */
export async function pollMigration(clients: MigrationClients, s: MigrationSettings, run: MigrationRun, now: Date): Promise<PollOutcome> {
  const outcome = await advance(clients, s, run, now);
  if (outcome.done) return outcome;
  const elapsedMinutes = (now.getTime() - Date.parse(run.startedAt)) / 60_000;
  if (elapsedMinutes > s.timeoutMinutes) {
    const task = outcome.taskArn === undefined ? undefined : { arn: outcome.taskArn };
    throw new MigrationFailure(outcome.step, `not finished after ${s.timeoutMinutes} minutes (${outcome.step} is ${outcome.status}); any running task was left running`, task);
  }
  log('info', 'migration in progress', { runId: run.runId, step: outcome.step, status: outcome.status, taskArn: outcome.taskArn });
  return outcome;
}
