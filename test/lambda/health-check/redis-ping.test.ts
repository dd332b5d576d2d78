import * as fs from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { checkCache } from '../../../lambda/health-check/cache-check';
import { parseRedisUrl, redisPing } from '../../../lambda/health-check/redis-ping';
import { SecretCache } from '../../../lambda/health-check/secret-cache';
import { freePort } from '../support/free-port';
import { RunningRedis, startRedis } from '../support/redis-server';
import { makeTestCertificates, TestCertificates } from '../support/test-certificates';

const PASSWORD = 'test-auth-token-0123456789';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:redis-url';
const secretsManager = mockClient(SecretsManagerClient);
let redis: RunningRedis;

beforeAll(async () => {
  redis = await startRedis(PASSWORD);
});
afterAll(async () => {
  await redis?.stop();
});
beforeEach(() => {
  secretsManager.reset();
});

const signal = () => AbortSignal.timeout(2000);

describe('redisPing against a real redis-server', () => {
  test('the right password gets +PONG', async () => {
    await expect(redisPing(`redis://:${PASSWORD}@127.0.0.1:${redis.port}`, { signal: signal() })).resolves.toBeUndefined();
  });

  test('the default user with the right password gets +PONG', async () => {
    await expect(redisPing(`redis://default:${PASSWORD}@127.0.0.1:${redis.port}`, { signal: signal() })).resolves.toBeUndefined();
  });

  test('a wrong password is refused', async () => {
    await expect(redisPing(`redis://:wrong-password@127.0.0.1:${redis.port}`, { signal: signal() })).rejects.toThrow(/^AUTH refused: WRONGPASS/);
  });

  test('no password at all is refused', async () => {
    await expect(redisPing(`redis://127.0.0.1:${redis.port}`, { signal: signal() })).rejects.toThrow(/^PING refused: NOAUTH/);
  });

  test('nothing listening is a connection error', async () => {
    const port = await freePort();
    await expect(redisPing(`redis://:${PASSWORD}@127.0.0.1:${port}`, { signal: signal() })).rejects.toThrow(/ECONNREFUSED/);
  });

  test('an aborted signal ends the attempt', async () => {
    const controller = new AbortController();
    const pending = redisPing(`redis://:${PASSWORD}@10.255.255.1:6379`, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow('aborted');
  });
});

describe('redisPing over TLS (rediss://) against a real redis-server', () => {
  let certs: TestCertificates;
  let tlsRedis: RunningRedis;

  beforeAll(async () => {
    certs = makeTestCertificates();
    tlsRedis = await startRedis(PASSWORD, certs);
  });
  afterAll(async () => {
    await tlsRedis?.stop();
    fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  test('a certificate from a trusted CA and the right password get +PONG', async () => {
    const ca = fs.readFileSync(certs.caFile, 'utf8');
    await expect(redisPing(`rediss://:${PASSWORD}@localhost:${tlsRedis.port}`, { signal: signal(), ca })).resolves.toBeUndefined();
  });

  test('a certificate from an unknown CA is refused', async () => {
    await expect(redisPing(`rediss://:${PASSWORD}@localhost:${tlsRedis.port}`, { signal: signal() })).rejects.toThrow(/certificate/);
  });

  test('plain TCP to a TLS-only port gets no PONG', async () => {
    await expect(redisPing(`redis://:${PASSWORD}@127.0.0.1:${tlsRedis.port}`, { signal: AbortSignal.timeout(500) })).rejects.toThrow();
  });
});

describe('checkCache with the URL from Secrets Manager', () => {
  const run = (secrets: SecretCache) => checkCache({ secrets, ping: redisPing }, SECRET_ARN, signal());

  test('right password: healthy', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: `redis://:${PASSWORD}@127.0.0.1:${redis.port}` });
    await expect(run(new SecretCache(new SecretsManagerClient({}), 60_000))).resolves.toEqual({ healthy: true });
  });

  test('wrong password: unhealthy, the reason names the refusal and not the password, and the secret is read again next time', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: `redis://:not-the-password@127.0.0.1:${redis.port}` });
    const secrets = new SecretCache(new SecretsManagerClient({}), 60_000);
    const outcome = await run(secrets);
    expect(outcome.healthy).toBe(false);
    expect(outcome.reason).toMatch(/^Redis PING failed: AUTH refused: WRONGPASS/);
    expect(JSON.stringify(outcome)).not.toContain('not-the-password');
    await run(secrets);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  test('nothing listening: unhealthy', async () => {
    const port = await freePort();
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: `redis://:${PASSWORD}@127.0.0.1:${port}` });
    const outcome = await run(new SecretCache(new SecretsManagerClient({}), 60_000));
    expect(outcome).toEqual({ healthy: false, reason: expect.stringMatching(/^Redis PING failed: connect ECONNREFUSED 127\.0\.0\.1:\d+$/) });
  });
});

describe('parseRedisUrl', () => {
  test('rediss:// with an AUTH token uses TLS and the default port', () => {
    expect(parseRedisUrl('rediss://:tok%2Fen@master.cache.amazonaws.com')).toEqual({
      tls: true,
      host: 'master.cache.amazonaws.com',
      port: 6379,
      username: undefined,
      password: 'tok/en',
    });
  });

  test('a named user sends AUTH user password', () => {
    expect(parseRedisUrl('redis://app:pw@127.0.0.1:7000/0')).toEqual({ tls: false, host: '127.0.0.1', port: 7000, username: 'app', password: 'pw' });
  });

  test('another scheme is refused', () => {
    expect(() => parseRedisUrl('http://127.0.0.1')).toThrow('the Redis URL has scheme "http:" (expected rediss: or redis:)');
  });
});
