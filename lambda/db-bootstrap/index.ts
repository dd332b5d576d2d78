import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { OnEventResponse } from '../shared/provider-types';
import { handleBootstrapEvent } from './custom-resource';
import { connectUserAdmin } from './mongo-user-admin';
import { serviceFromEnv } from './redeploy';
import { handleSecretChange, isSecretChangeEvent, SecretChangeEvent, SecretChangeResult } from './rotation';
import { parseUrlSettingsEnv } from './settings';

export { syncConnectionUrls } from './sync-urls';

const secrets = new SecretsManagerClient({ maxAttempts: 5 });
const ecs = new ECSClient({ maxAttempts: 5 });

/** The Lambda runtime's bundle, which includes the Amazon RDS CAs. */
const DEFAULT_CA_FILE = '/var/runtime/ca-cert.pem';

/**
 * Two callers: the `custom_resources.Provider` (CloudFormation Create/Update/Delete) and an
 * EventBridge rule on changes of the application user or Redis token secret.
 */
export async function handler(event: CloudFormationCustomResourceEvent | SecretChangeEvent): Promise<OnEventResponse | SecretChangeResult> {
  const service = serviceFromEnv(process.env);
  if (isSecretChangeEvent(event)) {
    return handleSecretChange({ secrets, ecs, service }, parseUrlSettingsEnv(process.env.URL_SETTINGS), event);
  }
  return handleBootstrapEvent(event, {
    secrets,
    ecs,
    service,
    connect: connectUserAdmin,
    caFile: process.env.DOCDB_CA_FILE ?? DEFAULT_CA_FILE,
  });
}
