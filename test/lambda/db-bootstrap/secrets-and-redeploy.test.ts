import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { forceNewDeployment, serviceFromEnv } from '../../../lambda/db-bootstrap/redeploy';
import { readSecretFields, readSecretString } from '../../../lambda/db-bootstrap/secrets';
import { captureLogs, ecs, sm } from './fixtures';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:flashcard-lms/staging/docdb-app-user-DeF456';
const SERVICE = { cluster: 'flashcard-lms-staging', service: 'flashcard-lms-staging-backend' };

beforeEach(() => {
  sm.reset();
  ecs.reset();
});

describe('secret values', () => {
  test.each([
    ['an empty string', { SecretString: '' }],
    ['a binary secret', { SecretBinary: new Uint8Array([1, 2]) }],
  ])('%s is refused, naming the secret', async (_what, reply) => {
    sm.on(GetSecretValueCommand).resolves(reply);
    await expect(readSecretString(new SecretsManagerClient({}), ARN)).rejects.toThrow(
      'Secret flashcard-lms/staging/docdb-app-user-DeF456 has no string value (binary or empty); expected a string',
    );
  });

  test('a numeric field is read as its decimal text; an empty or non-string field is missing', async () => {
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: '{"username":"app","password":12345}' }).resolves({ SecretString: '{"username":"","password":true}' });
    const client = new SecretsManagerClient({});
    expect(await readSecretFields(client, ARN, ['username', 'password'])).toEqual({ username: 'app', password: '12345' });
    await expect(readSecretFields(client, ARN, ['username', 'password'])).rejects.toThrow('lacks fields "username", "password" (a non-empty string each)');
  });

  test('text that is not JSON is refused without showing it', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'hunter2-not-json' });
    const error = await readSecretFields(new SecretsManagerClient({}), ARN, ['password']).catch((e: Error) => e);
    expect((error as Error).message).toBe('Secret flashcard-lms/staging/docdb-app-user-DeF456 is not a JSON object; expected {"password": ...}');
  });
});

describe('forcing a new deployment', () => {
  test('the service from ECS_CLUSTER and ECS_SERVICE, only when both are set', () => {
    expect(serviceFromEnv({ ECS_CLUSTER: SERVICE.cluster, ECS_SERVICE: SERVICE.service })).toEqual(SERVICE);
    expect(serviceFromEnv({ ECS_CLUSTER: SERVICE.cluster })).toBeUndefined();
    expect(serviceFromEnv({ ECS_SERVICE: SERVICE.service, ECS_CLUSTER: '' })).toBeUndefined();
  });

  test('asks ECS for a new deployment and says so', async () => {
    const logs = captureLogs();
    ecs.on(UpdateServiceCommand).resolves({});
    expect(await forceNewDeployment(new ECSClient({}), SERVICE)).toBe(true);
    expect(ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).toEqual([{ ...SERVICE, forceNewDeployment: true }]);
    expect(logs.map((l) => JSON.parse(l) as unknown)).toEqual([{ level: 'info', message: 'forced a new deployment of the service', ...SERVICE }]);
  });

  test.each(['ServiceNotFoundException', 'ServiceNotActiveException', 'ClusterNotFoundException'])('a %s (first deploy) is not an error: nothing to restart', async (name) => {
    const logs = captureLogs();
    ecs.on(UpdateServiceCommand).rejects(Object.assign(new Error('gone'), { name }));
    expect(await forceNewDeployment(new ECSClient({}), SERVICE)).toBe(false);
    expect(logs.map((l) => JSON.parse(l) as unknown)).toEqual([{ level: 'info', message: 'service not there yet; it will start with the current URLs', ...SERVICE, reason: name }]);
  });

  test('any other error fails the deploy', async () => {
    ecs.on(UpdateServiceCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    await expect(forceNewDeployment(new ECSClient({}), SERVICE)).rejects.toThrow('not allowed');
  });
});
