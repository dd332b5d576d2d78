import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { handler } from '../../../lambda/db-bootstrap';
import { captureLogs, DEFAULT_SECRETS, ecs, PROPERTIES, SECRETS, sm, useSecrets } from './fixtures';

const { ServiceToken: _t, MasterSecretArn: _m, ...URL_PROPERTIES } = PROPERTIES;
const saved = process.env;

beforeEach(() => {
  sm.reset();
  ecs.reset();
  captureLogs();
  process.env = { ...saved, ECS_CLUSTER: 'flashcard-lms-staging', ECS_SERVICE: 'flashcard-lms-staging-backend', URL_SETTINGS: JSON.stringify(URL_PROPERTIES) };
});
afterEach(() => {
  process.env = saved;
});

test('the Secrets Manager and ECS clients retry up to 5 attempts (a deploy should not fail on one throttled call)', async () => {
  useSecrets({ ...DEFAULT_SECRETS, databaseUrl: 'old', redisUrl: 'old' });
  ecs.on(UpdateServiceCommand).resolves({});

  await handler({
    source: 'aws.secretsmanager',
    'detail-type': 'AWS Service Event via CloudTrail',
    detail: { eventName: 'RotationSucceeded', additionalEventData: { SecretId: SECRETS.appUser } },
  });

  const secretsClient = sm.commandCalls(GetSecretValueCommand)[0].thisValue as { config: { maxAttempts: () => Promise<number> } };
  const ecsClient = ecs.commandCalls(UpdateServiceCommand)[0].thisValue as { config: { maxAttempts: () => Promise<number> } };
  expect(await secretsClient.config.maxAttempts()).toBe(5);
  expect(await ecsClient.config.maxAttempts()).toBe(5);
});
