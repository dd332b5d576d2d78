import { pollMigration, PollOutcome, RunResult } from '../../lambda/migration/poll';
import { reportFailure } from '../../lambda/migration/report';
import { MigrationSettings } from '../../lambda/migration/settings';
import { MigrationClients, migrationInProgress, startMigration } from '../../lambda/migration/start';

export interface LoopOptions {
  /** Wait for a run in progress instead of failing. */
  readonly waitForOtherRun: boolean;
  readonly pollIntervalMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  readonly randomHex: () => string;
  /** Progress lines for the operator. */
  readonly print: (line: string) => void;
}

function describe(outcome: Exclude<PollOutcome, { done: true }>): string {
  return `${outcome.step}: ${outcome.status}${outcome.taskArn === undefined ? '' : ` (${outcome.taskArn.split('/').pop()})`}`;
}

/**
 * The deploy's run, driven from here: the same start and poll functions as the Lambda, a
 * poll every `pollIntervalMs` until done. Failures notify and throw exactly as in a deploy.
 */
export async function runToCompletion(clients: MigrationClients, s: MigrationSettings, o: LoopOptions): Promise<RunResult> {
  if (o.waitForOtherRun) {
    const deadline = o.now().getTime() + s.timeoutMinutes * 60_000;
    for (let busy = await migrationInProgress(clients, s); busy !== undefined; busy = await migrationInProgress(clients, s)) {
      if (o.now().getTime() > deadline) throw new Error(`Gave up waiting after ${s.timeoutMinutes} minutes: ${busy}`);
      o.print(`waiting: ${busy}`);
      await o.sleep(o.pollIntervalMs);
    }
  }

  let run;
  try {
    run = await startMigration(clients, s, o.now(), o.randomHex());
  } catch (error) {
    throw await reportFailure(clients, s, undefined, error, 'start');
  }
  o.print(`run ${run.runId}: snapshot ${run.snapshotId} requested`);

  let last = '';
  for (;;) {
    let outcome: PollOutcome;
    try {
      outcome = await pollMigration(clients, s, run, o.now());
    } catch (error) {
      throw await reportFailure(clients, s, run, error, 'poll');
    }
    if (outcome.done) return outcome.result;
    const line = describe(outcome);
    if (line !== last) o.print(line);
    last = line;
    await o.sleep(o.pollIntervalMs);
  }
}
