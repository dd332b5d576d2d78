import { BackupClient } from '@aws-sdk/client-backup';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { EFSClient } from '@aws-sdk/client-efs';
import { SNSClient } from '@aws-sdk/client-sns';
import type { EventBridgeEvent } from 'aws-lambda';
import { tcpProbe } from './probe';
import { Clients, Outcome, Settings, validateRestoreJob } from './validate';

/** The part of "Restore Job State Change" this function reads. */
export interface RestoreJobDetail {
  readonly restoreJobId?: string;
  readonly status?: string;
}

const clients: Clients = { backup: new BackupClient({}), docdb: new DocDBClient({}), efs: new EFSClient({}), sns: new SNSClient({}) };

export function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const warningTopicArn = env.WARNING_TOPIC_ARN;
  if (!warningTopicArn) throw new Error('WARNING_TOPIC_ARN is not set');
  return {
    envName: env.ENV_NAME ?? 'unknown',
    warningTopicArn,
    restoreTestingPlanArn: env.RESTORE_TESTING_PLAN_ARN || undefined,
    connectTimeoutMs: Number(env.CONNECT_TIMEOUT_MS ?? 5000),
    minFileSystemBytes: Number(env.MIN_FILE_SYSTEM_BYTES ?? 1),
  };
}

export async function handler(event: EventBridgeEvent<'Restore Job State Change', RestoreJobDetail>): Promise<Outcome | undefined> {
  const restoreJobId = event.detail?.restoreJobId;
  if (!restoreJobId) throw new Error(`event ${event.id} has no detail.restoreJobId`);
  const outcome = await validateRestoreJob(restoreJobId, clients, settingsFromEnv(process.env), tcpProbe);
  console.log(JSON.stringify(outcome ?? { restoreJobId, skipped: 'not a job of this restore testing plan' }));
  return outcome;
}
