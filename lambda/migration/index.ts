import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { randomBytes } from 'node:crypto';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { IsCompleteEvent, IsCompleteResponse, isMigrationComplete, MigrationDeps, onMigrationEvent } from './custom-resource';
import type { OnEventResponse } from '../shared/provider-types';
import { loadMigrationEnvironment } from './settings';

// Read once per cold start: the settings come from the stack, never from the event.
const { settings, stackId } = loadMigrationEnvironment(process.env);

const retries = { maxAttempts: 5 };
const deps: MigrationDeps = {
  ecs: new ECSClient(retries),
  docdb: new DocDBClient(retries),
  cloudwatch: new CloudWatchClient(retries),
  sns: new SNSClient(retries),
  cloudformation: new CloudFormationClient(retries),
  now: () => new Date(),
  randomHex: () => randomBytes(3).toString('hex'),
  settings,
  stackId,
};

/** `custom_resources.Provider` onEventHandler. */
export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  return onMigrationEvent(event, deps);
}

/** `custom_resources.Provider` isCompleteHandler. */
export async function isComplete(event: IsCompleteEvent): Promise<IsCompleteResponse> {
  return isMigrationComplete(event, deps);
}
