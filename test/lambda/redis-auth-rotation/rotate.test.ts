import * as fs from 'node:fs';
import * as net from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { authCheck, settingsFromEnv } from '../../../lambda/redis-auth-rotation/index';
import { AuthTokenUpdateStrategy, CacheApi, sdkCacheApi } from '../../../lambda/redis-auth-rotation/cache-api';
import { RedisRotationDeps, rotateRedisAuthToken, TOKENS_TAG, waitAvailable } from '../../../lambda/redis-auth-rotation/rotate';
import { logSink } from '../../../lambda/shared/log';
import { parseRotationEvent, RotationEvent } from '../../../lambda/shared/secret-rotation';
import { RunningRedis, startRedis } from '../support/redis-server';
import { FakeSecret, runRotation } from '../support/secret-versions';
import { makeTestCertificates } from '../support/test-certificates';

const sm = mockClient(SecretsManagerClient);
const TOKEN_0 = 'initial-token-0123456789abcdef';
const GROUP = 'staging-flashcard-lms';
const settings = { replicationGroupId: GROUP };

/** Sends one command (after AUTH) and returns the first reply line. */
function redisCommand(port: number, password: string, args: string[]): Promise<string> {
  const encode = (a: string[]) => `*${a.length}\r\n${a.map((x) => `$${Buffer.byteLength(x)}\r\n${x}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(encode(['AUTH', password]) + encode(args)));
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      const lines = buffer.split('\r\n');
      if (lines.length >= 3) {
        socket.destroy();
        if (lines[0] !== '+OK') reject(new Error(`AUTH: ${lines[0]}`));
        else resolve(lines[1]);
      }
    });
    socket.on('error', reject);
  });
}

/**
 * ElastiCache's two strategies on a real redis-server: ROTATE adds a password to the default user
 * (the old one stays valid), SET keeps only the given one (Redis ACL: "ACL SETUSER ... >pass").
 */
class RedisBackedCache implements CacheApi {
  readonly calls: Array<[AuthTokenUpdateStrategy, string]> = [];
  status = 'available';
  constructor(
    private readonly port: number,
    private adminToken: string,
  ) {}
  async describe() {
    return { status: this.status, primary: { host: '127.0.0.1', port: this.port } };
  }
  async setAuthToken(_id: string, token: string, strategy: AuthTokenUpdateStrategy) {
    this.calls.push([strategy, token]);
    const reply = await redisCommand(
      this.port,
      this.adminToken,
      strategy === 'SET' ? ['ACL', 'SETUSER', 'default', 'resetpass', `>${token}`] : ['ACL', 'SETUSER', 'default', `>${token}`],
    );
    if (reply !== '+OK') throw new Error(reply);
    this.adminToken = token;
  }
}

let redis: RunningRedis;
let logs: string[];
const accepts = (token: string) =>
  authCheck({ tls: false })('127.0.0.1', redis.port, token).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  redis = await startRedis(TOKEN_0);
});
afterAll(async () => {
  await redis?.stop();
});
beforeEach(async () => {
  sm.reset();
  logs = [];
  logSink.write = (level, entry) => logs.push(JSON.stringify({ level, ...entry }));
});

function deps(cache: CacheApi, overrides: Partial<RedisRotationDeps> = {}): RedisRotationDeps {
  return { secrets: sm as never, cache, authCheck: authCheck({ tls: false }), remainingMs: () => 600_000, sleep: async () => undefined, pollMs: 1, ...overrides };
}

describe('a rotation against a real redis-server', () => {
  test('GIVEN the initial token WHEN two rotations run THEN clients on the previous token keep working until the next rotation drops it', async () => {
    // GIVEN
    const secret = new FakeSecret('flashcard-lms/staging/redis-auth-token', TOKEN_0);
    secret.install(sm);
    const cache = new RedisBackedCache(redis.port, TOKEN_0);
    const step = (e: RotationEvent) => rotateRedisAuthToken(deps(cache), settings, e);

    // WHEN the first rotation runs
    await runRotation(secret, 'r1', step);
    const token1 = secret.stage('AWSCURRENT')!;

    // THEN the new token is current, ElastiCache got ROTATE only, and both tokens are accepted
    expect(token1).toBe('generated-value-1-0123456789abcdef');
    expect(secret.stage('AWSPREVIOUS')).toBe(TOKEN_0);
    expect(cache.calls).toEqual([['ROTATE', token1]]);
    expect(secret.tags[TOKENS_TAG]).toBe('two');
    expect(await accepts(token1)).toBe(true);
    expect(await accepts(TOKEN_0)).toBe(true);
    expect(secret.randomRequests).toEqual([{ PasswordLength: 64, ExcludeCharacters: undefined, ExcludePunctuation: true, RequireEachIncludedType: true }]);

    // WHEN the next rotation runs (the backend redeployed onto token1 long before)
    await runRotation(secret, 'r2', step);
    const token2 = secret.stage('AWSCURRENT')!;

    // THEN SET dropped TOKEN_0 first, ROTATE added token2, and token1 (on running tasks) still works
    expect(cache.calls.slice(1)).toEqual([
      ['SET', token1],
      ['ROTATE', token2],
    ]);
    expect(await accepts(token2)).toBe(true);
    expect(await accepts(token1)).toBe(true);
    expect(await accepts(TOKEN_0)).toBe(false);
    // No log line carries a token.
    expect(logs.join('\n')).not.toMatch(/generated-value|initial-token/);
  });
});

describe('steps with mocks', () => {
  const fakeCache = (statuses: string[] = ['available']) => {
    const calls: Array<[string, string]> = [];
    let i = 0;
    const cache: CacheApi = {
      describe: async () => ({ status: statuses[Math.min(i++, statuses.length - 1)], primary: { host: 'cache.example', port: 6379 } }),
      setAuthToken: async (_id, token, strategy) => {
        calls.push([strategy, token]);
      },
    };
    return { cache, calls };
  };

  test('createSecret is idempotent: a retried step keeps the pending value', async () => {
    const secret = new FakeSecret('s', TOKEN_0);
    secret.install(sm);
    secret.startRotation('t');
    const { cache } = fakeCache();
    const e = { SecretId: 's', ClientRequestToken: 't', Step: 'createSecret' as const };
    await rotateRedisAuthToken(deps(cache), settings, e);
    await rotateRedisAuthToken(deps(cache), settings, e);
    expect(secret.randomRequests).toHaveLength(1);
    expect(secret.versions.get('t')).toEqual({ value: 'generated-value-1-0123456789abcdef', stages: ['AWSPENDING'] });
  });

  test('setSecret waits while the group is modifying, then ROTATEs', async () => {
    const secret = new FakeSecret('s', TOKEN_0);
    secret.install(sm);
    secret.startRotation('t');
    const { cache, calls } = fakeCache(['modifying', 'modifying', 'available']);
    const sleep = jest.fn(async () => undefined);
    await rotateRedisAuthToken(deps(cache, { sleep }), settings, { SecretId: 's', ClientRequestToken: 't', Step: 'createSecret' });
    await rotateRedisAuthToken(deps(cache, { sleep }), settings, { SecretId: 's', ClientRequestToken: 't', Step: 'setSecret' });
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(calls).toEqual([['ROTATE', 'generated-value-1-0123456789abcdef']]);
  });

  test('a group that stays busy fails the step with the group state before the invocation times out', async () => {
    const { cache } = fakeCache(['modifying']);
    await expect(waitAvailable(deps(cache, { remainingMs: () => 25_000, pollMs: 15_000 }), GROUP, 'before changing the AUTH token')).rejects.toThrow(
      'Replication group staging-flashcard-lms is still "modifying" (waiting before changing the AUTH token); the rotation fails now and Secrets Manager retries it',
    );
  });

  test('testSecret fails, naming the token, when the pending or the current token is refused; finishSecret then never runs', async () => {
    const secret = new FakeSecret('s', TOKEN_0);
    secret.install(sm);
    secret.startRotation('t');
    const { cache } = fakeCache();
    await rotateRedisAuthToken(deps(cache), settings, { SecretId: 's', ClientRequestToken: 't', Step: 'createSecret' });
    const refuse = (bad: string) => async (_h: string, _p: number, token: string) => {
      if (token === bad) throw new Error('AUTH refused: WRONGPASS');
    };
    await expect(
      rotateRedisAuthToken(deps(cache, { authCheck: refuse('generated-value-1-0123456789abcdef') }), settings, { SecretId: 's', ClientRequestToken: 't', Step: 'testSecret' }),
    ).rejects.toThrow('testSecret: AUTH with the pending token failed on cache.example:6379: AUTH refused: WRONGPASS');
    await expect(rotateRedisAuthToken(deps(cache, { authCheck: refuse(TOKEN_0) }), settings, { SecretId: 's', ClientRequestToken: 't', Step: 'testSecret' })).rejects.toThrow(
      'testSecret: AUTH with the current token failed on cache.example:6379: AUTH refused: WRONGPASS',
    );
    expect(secret.stage('AWSCURRENT')).toBe(TOKEN_0);
  });

  test('a version that is already current, or not pending, or a secret without rotation, is handled like the AWS templates', async () => {
    const secret = new FakeSecret('s', TOKEN_0);
    secret.install(sm);
    const { cache, calls } = fakeCache();
    await rotateRedisAuthToken(deps(cache), settings, { SecretId: 's', ClientRequestToken: 'v0', Step: 'setSecret' });
    expect(calls).toEqual([]);
    await expect(rotateRedisAuthToken(deps(cache), settings, { SecretId: 's', ClientRequestToken: 'nope', Step: 'setSecret' })).rejects.toThrow(
      'Secret s has no version nope to rotate to',
    );
    secret.rotationEnabled = false;
    await expect(rotateRedisAuthToken(deps(cache), settings, { SecretId: 's', ClientRequestToken: 'v0', Step: 'setSecret' })).rejects.toThrow(
      'Secret s does not have rotation enabled',
    );
  });
});

describe('bad input', () => {
  test('a malformed event names every bad field', () => {
    expect(() => parseRotationEvent({ SecretId: '', Step: 'rotate' })).toThrow(
      'Not a Secrets Manager rotation event: SecretId must be a non-empty string (got ""); ClientRequestToken must be a non-empty string (got undefined); Step must be one of createSecret, setSecret, testSecret, finishSecret (got "rotate")',
    );
  });

  test('settings name the missing variable; the excluded characters are kept as given, spaces included', () => {
    expect(() => settingsFromEnv({})).toThrow('Invalid Redis AUTH rotation settings:\n - REPLICATION_GROUP_ID is not set (expected the ElastiCache replication group id)');
    expect(settingsFromEnv({ REPLICATION_GROUP_ID: GROUP })).toEqual({ replicationGroupId: GROUP });
  });

  test('the SDK adapter sends ROTATE/SET with ApplyImmediately and reads the primary endpoint', async () => {
    const sent: any[] = [];
    class Cmd {
      constructor(readonly input: unknown) {}
    }
    const api = sdkCacheApi(() => ({
      ElastiCacheClient: class {
        async send(c: Cmd) {
          sent.push(c.input);
          return { ReplicationGroups: [{ Status: 'available', NodeGroups: [{ PrimaryEndpoint: { Address: 'master.example', Port: 6379 } }] }] };
        }
      },
      DescribeReplicationGroupsCommand: Cmd,
      ModifyReplicationGroupCommand: Cmd,
    }));
    expect(await api.describe(GROUP)).toEqual({ status: 'available', primary: { host: 'master.example', port: 6379 } });
    await api.setAuthToken(GROUP, 'tok', 'ROTATE');
    expect(sent).toEqual([{ ReplicationGroupId: GROUP }, { ReplicationGroupId: GROUP, AuthToken: 'tok', AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true }]);
  });
});

describe('TLS, as ElastiCache requires', () => {
  test('the check speaks TLS and verifies the server certificate', async () => {
    const certs = makeTestCertificates();
    const tlsRedis = await startRedis(TOKEN_0, certs);
    try {
      const ca = fs.readFileSync(certs.caFile, 'utf8');
      await expect(authCheck({ ca })('127.0.0.1', tlsRedis.port, TOKEN_0)).resolves.toBeUndefined();
      await expect(authCheck({ ca })('127.0.0.1', tlsRedis.port, 'wrong-token-0123456789')).rejects.toThrow(/AUTH refused/);
      await expect(authCheck()('127.0.0.1', tlsRedis.port, TOKEN_0)).rejects.toThrow(/self-signed|unable to verify|certificate/i);
    } finally {
      await tlsRedis.stop();
      fs.rmSync(certs.dir, { recursive: true, force: true });
    }
  });
});
