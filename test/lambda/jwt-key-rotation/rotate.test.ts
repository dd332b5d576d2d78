import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { formatKeySet, JwtKeySet, keySetProblems, parseKeySet, rotateKeySet } from '../../../lambda/jwt-key-rotation/key-set';
import { rotateJwtKey } from '../../../lambda/jwt-key-rotation/rotate';
import { logSink } from '../../../lambda/shared/log';
import { RotationEvent } from '../../../lambda/shared/secret-rotation';
import { FakeSecret, runRotation } from '../support/secret-versions';

const sm = mockClient(SecretsManagerClient);
const ecs = mockClient(ECSClient);
const service = { cluster: 'staging-flashcard-lms', service: 'backend' };
const key = (c: string) => c.repeat(96);
const K0 = key('a');
const initial = formatKeySet({ current: K0, previous: '', next: '' });
const generated = (n: number) => key(String.fromCharCode(97 + n));
let logs: string[];

beforeEach(() => {
  sm.reset();
  ecs.reset();
  logs = [];
  logSink.write = (level, entry) => logs.push(JSON.stringify({ level, ...entry }));
});

const deps = () => ({ secrets: sm as never, ecs: ecs as never, service });
const current = (s: FakeSecret): JwtKeySet => parseKeySet(s.stage('AWSCURRENT')!);

/**
 * What a backend task does with the keys it started with: signs with current, verifies with
 * any non-empty key of its set.
 */
const accepts = (task: JwtKeySet, signingKey: string) => [task.current, task.previous, task.next].filter((k) => k !== '').includes(signingKey);

describe('rotations without a gap', () => {
  test('GIVEN tasks started on each key set WHEN keys rotate THEN every task accepts what any other running task signs', async () => {
    const secret = new FakeSecret('flashcard-lms/staging/jwt-signing-keys', initial, generated);
    secret.install(sm);
    ecs.on(UpdateServiceCommand).resolves({});
    const step = (e: RotationEvent) => rotateJwtKey(deps(), e).then(() => undefined);

    const sets: JwtKeySet[] = [current(secret)];
    for (const token of ['r1', 'r2', 'r3']) {
      await runRotation(secret, token, step);
      sets.push(current(secret));
    }

    // The first rotation only announces the next key; each later one signs with the announced key.
    expect(sets[1]).toEqual({ current: K0, previous: '', next: generated(1) });
    expect(sets[2]).toEqual({ current: generated(1), previous: K0, next: generated(2) });
    expect(sets[3]).toEqual({ current: generated(2), previous: generated(1), next: generated(3) });
    // During each redeploy, old tasks (set i) and new tasks (set i+1) run together.
    for (let i = 0; i + 1 < sets.length; i++) {
      expect(accepts(sets[i], sets[i + 1].current)).toBe(true);
      expect(accepts(sets[i + 1], sets[i].current)).toBe(true);
    }
    // Every finished rotation redeployed the backend, so tasks read the new set.
    expect(ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).toEqual(
      Array(3).fill({ cluster: 'staging-flashcard-lms', service: 'backend', forceNewDeployment: true }),
    );
    expect(secret.randomRequests[0]).toEqual({ PasswordLength: 96, ExcludeCharacters: undefined, ExcludePunctuation: true, RequireEachIncludedType: false });
    expect(logs.join('\n')).not.toContain(K0.slice(0, 20));
  });

  test('a plain-string value (the format before key sets) is taken as the current key', () => {
    expect(parseKeySet(K0)).toEqual({ current: K0, previous: '', next: '' });
    expect(rotateKeySet(parseKeySet(K0), generated(1))).toEqual({ current: K0, previous: '', next: generated(1) });
  });
});

describe('testSecret and bad values', () => {
  test('a pending set that would sign with a key no running task knows is refused, and nothing is promoted', async () => {
    const secret = new FakeSecret('s', initial, generated);
    secret.install(sm);
    secret.startRotation('t');
    secret.versions.set('t', { value: formatKeySet({ current: key('z'), previous: K0, next: key('y') }), stages: ['AWSPENDING'] });
    await expect(rotateJwtKey(deps(), { SecretId: 's', ClientRequestToken: 't', Step: 'testSecret' })).rejects.toThrow(
      'testSecret: the pending JWT key set is unusable: the new signing key was not announced as "next" before',
    );
    expect(current(secret)).toEqual({ current: K0, previous: '', next: '' });
  });

  test('short or repeated keys are named', () => {
    expect(keySetProblems({ current: 'short', previous: 'x', next: 'short' })).toEqual([
      '"current" has 5 characters (at least 64)',
      '"next" has 5 characters (at least 64)',
      '"previous" has 1 characters (at least 64, or empty)',
      'two fields hold the same key',
    ]);
  });

  test('a JSON value of the wrong shape fails with what is wrong, never the value', () => {
    expect(() => parseKeySet('[1]')).toThrow('The JWT key secret is neither a string nor a JSON object {"current", "previous", "next"}');
    expect(() => parseKeySet(JSON.stringify({ current: 1, next: {} }))).toThrow('The JWT key secret has non-string field(s) "current", "next"');
  });

  test('setSecret changes nothing; a service that does not exist yet is not an error', async () => {
    const secret = new FakeSecret('s', initial, generated);
    secret.install(sm);
    ecs.on(UpdateServiceCommand).rejects(Object.assign(new Error('gone'), { name: 'ServiceNotFoundException' }));
    secret.startRotation('t');
    await rotateJwtKey(deps(), { SecretId: 's', ClientRequestToken: 't', Step: 'createSecret' });
    await expect(rotateJwtKey(deps(), { SecretId: 's', ClientRequestToken: 't', Step: 'setSecret' })).resolves.toEqual({ redeployed: false });
    await rotateJwtKey(deps(), { SecretId: 's', ClientRequestToken: 't', Step: 'testSecret' });
    await expect(rotateJwtKey(deps(), { SecretId: 's', ClientRequestToken: 't', Step: 'finishSecret' })).resolves.toEqual({ redeployed: false });
    expect(current(secret).next).toBe(generated(1));
  });

  test('an ECS failure other than a missing service fails finishSecret after the promotion (the next deploy restarts tasks anyway)', async () => {
    const secret = new FakeSecret('s', initial, generated);
    secret.install(sm);
    ecs.on(UpdateServiceCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(runRotation(secret, 't', (e) => rotateJwtKey(deps(), e).then(() => undefined))).rejects.toThrow('throttled');
    expect(current(secret).next).toBe(generated(1));
    // A retried finishSecret finds the version current and still redeploys.
    ecs.on(UpdateServiceCommand).resolves({});
    await expect(rotateJwtKey(deps(), { SecretId: 's', ClientRequestToken: 't', Step: 'finishSecret' })).resolves.toEqual({ redeployed: true });
  });
});
