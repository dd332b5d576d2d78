import { SecretsManagerClient, TagResourceCommand } from '@aws-sdk/client-secrets-manager';
import { log } from '../shared/log';
import { checkRotationVersion, putPendingOnce, promotePending, randomPassword, requireVersion, RotationEvent, VersionCheck } from '../shared/secret-rotation';
import { CacheApi, ReplicationGroupState } from './cache-api';

/** Tag on the token secret: `two` while ElastiCache accepts the current and the previous token. */
export const TOKENS_TAG = 'flashcard-lms:auth-tokens';

export interface RedisRotationSettings {
  readonly replicationGroupId: string;
  /** @default 64 */
  readonly tokenLength?: number;
}

/** Sends AUTH with `token`, then PING, to the primary; rejects when either is refused. */
export type AuthCheck = (host: string, port: number, token: string) => Promise<void>;

export interface RedisRotationDeps {
  readonly secrets: SecretsManagerClient;
  readonly cache: CacheApi;
  readonly authCheck: AuthCheck;
  /** Milliseconds left before the invocation must return. */
  readonly remainingMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** @default 15 s */
  readonly pollMs?: number;
}

/** Leaves this much of the invocation to report a timeout clearly. */
const MARGIN_MS = 20_000;

/**
 * One step of the Redis AUTH token rotation. The design keeps every client working:
 * - setSecret: ROTATE adds the new token; ElastiCache then accepts the old and the new one
 *   (ModifyReplicationGroup, AuthTokenUpdateStrategy). If the previous rotation left two tokens,
 *   SET with the current token first drops the one before it: no task holds it any more, since
 *   the backend redeployed after that rotation.
 * - testSecret: AUTH with the new token and with the current one, both must pass.
 * - finishSecret: the new token becomes AWSCURRENT; the bootstrap sees RotationSucceeded, rewrites
 *   REDIS_URL and redeploys the backend, whose old tasks keep working on the old token meanwhile.
 */
// Letters and digits only, as the secret's own generator (REDIS_TOKEN_GENERATOR): ElastiCache refuses
// most punctuation ("Authenticating with the Valkey and Redis OSS AUTH command").
export async function rotateRedisAuthToken(deps: RedisRotationDeps, settings: RedisRotationSettings, event: RotationEvent): Promise<void> {
  const check = await checkRotationVersion(deps.secrets, event);
  if (check.alreadyCurrent) {
    log('info', 'version already current; nothing to do', { step: event.Step, version: event.ClientRequestToken });
    return;
  }
  switch (event.Step) {
    case 'createSecret':
      await requireVersion(deps.secrets, event.SecretId, 'AWSCURRENT');
      await putPendingOnce(deps.secrets, event, () =>
        randomPassword(deps.secrets, { length: settings.tokenLength ?? 64, excludePunctuation: true, requireEachIncludedType: true }),
      );
      return;
    case 'setSecret':
      return setSecret(deps, settings, event, check);
    case 'testSecret':
      return testSecret(deps, settings, event);
    case 'finishSecret':
      await promotePending(deps.secrets, event, check);
      return;
  }
}

async function setSecret(deps: RedisRotationDeps, s: RedisRotationSettings, event: RotationEvent, check: VersionCheck): Promise<void> {
  const pending = await requireVersion(deps.secrets, event.SecretId, 'AWSPENDING', event.ClientRequestToken);
  await waitAvailable(deps, s.replicationGroupId, 'before changing the AUTH token');
  if (check.tags[TOKENS_TAG] === 'two') {
    const current = await requireVersion(deps.secrets, event.SecretId, 'AWSCURRENT');
    await deps.cache.setAuthToken(s.replicationGroupId, current, 'SET');
    await tagTokens(deps.secrets, event.SecretId, 'one');
    log('info', 'setSecret: SET the current token, dropping the one before it', { replicationGroupId: s.replicationGroupId });
    await waitAvailable(deps, s.replicationGroupId, 'after SET of the current token');
  }
  await deps.cache.setAuthToken(s.replicationGroupId, pending, 'ROTATE');
  await tagTokens(deps.secrets, event.SecretId, 'two');
  log('info', 'setSecret: ROTATE added the pending token; the current one stays valid', { replicationGroupId: s.replicationGroupId });
}

async function testSecret(deps: RedisRotationDeps, s: RedisRotationSettings, event: RotationEvent): Promise<void> {
  const pending = await requireVersion(deps.secrets, event.SecretId, 'AWSPENDING', event.ClientRequestToken);
  const current = await requireVersion(deps.secrets, event.SecretId, 'AWSCURRENT');
  const group = await waitAvailable(deps, s.replicationGroupId, 'for the ROTATE to apply');
  if (group.primary === undefined) throw new Error(`Replication group ${s.replicationGroupId} reports no primary endpoint`);
  const { host, port } = group.primary;
  const attempt = async (which: string, token: string) => {
    try {
      await deps.authCheck(host, port, token);
    } catch (error) {
      throw new Error(`testSecret: AUTH with the ${which} token failed on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  await attempt('pending', pending);
  // Running tasks still use the current token until the redeploy: it must keep working.
  await attempt('current', current);
  log('info', 'testSecret: the pending and the current token are both accepted', { replicationGroupId: s.replicationGroupId });
}

/** Polls until the group is `available`; ElastiCache refuses a modification while another is applied. */
export async function waitAvailable(deps: RedisRotationDeps, id: string, why: string): Promise<ReplicationGroupState> {
  const poll = deps.pollMs ?? 15_000;
  for (;;) {
    const state = await deps.cache.describe(id);
    if (state.status === 'available') return state;
    if (deps.remainingMs() < poll + MARGIN_MS) {
      throw new Error(`Replication group ${id} is still "${state.status}" (waiting ${why}); the rotation fails now and Secrets Manager retries it`);
    }
    await deps.sleep(poll);
  }
}

async function tagTokens(sm: SecretsManagerClient, secretId: string, value: 'one' | 'two'): Promise<void> {
  await sm.send(new TagResourceCommand({ SecretId: secretId, Tags: [{ Key: TOKENS_TAG, Value: value }] }));
}
