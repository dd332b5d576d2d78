import { BackupClient } from '@aws-sdk/client-backup';
import { EFSClient } from '@aws-sdk/client-efs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import type { EventBridgeEvent } from 'aws-lambda';
import { EnvReader } from '../shared/env-reader';
import { eventReader, eventRecord } from '../shared/event-input';
import { log } from '../shared/log';
import { Outcome } from './report';
import { Clients, HandedOff, Settings, validateRestoreJob } from './validate';

/** The part of "Restore Job State Change" this function reads. */
export interface RestoreJobDetail {
  readonly restoreJobId?: string;
  readonly status?: string;
}

const clients: Clients = { backup: new BackupClient({}), efs: new EFSClient({}), sfn: new SFNClient({}), sns: new SNSClient({}) };

export function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const read = new EnvReader(env);
  const plan = read.optional('RESTORE_TESTING_PLAN_ARN', '');
  const settings: Settings = {
    envName: read.optional('ENV_NAME', 'unknown'),
    warningTopicArn: read.required('WARNING_TOPIC_ARN', 'the ARN of the warning topic'),
    restoreTestingPlanArn: plan === '' ? undefined : plan,
    documentDbProbeStateMachineArn: read.required('DOCUMENTDB_PROBE_STATE_MACHINE_ARN', 'the ARN of the DocumentDB restore probe state machine'),
    minFileSystemBytes: read.integer('MIN_FILE_SYSTEM_BYTES', 1, { min: 0, max: Number.MAX_SAFE_INTEGER }, 'bytes'),
  };
  read.finish('restore validation');
  return settings;
}

export async function handler(event: EventBridgeEvent<'Restore Job State Change', RestoreJobDetail>): Promise<Outcome | HandedOff | undefined> {
  const what = 'Restore Job State Change event';
  const detail = eventRecord(eventRecord(event, what, 'an EventBridge event with detail.restoreJobId').detail, `${what} detail`, 'an object with restoreJobId');
  const r = eventReader(detail, `${what} detail`, 'an object with restoreJobId');
  const restoreJobId = r.required('restoreJobId');
  r.done();
  const result = await validateRestoreJob(restoreJobId, clients, settingsFromEnv(process.env));
  // Nested: the outcome's own `message` would replace the log line's.
  log('info', 'restore job checked', { restoreJobId, ...(result === undefined ? { skipped: 'not a job of this restore testing plan' } : { result }) });
  return result;
}
