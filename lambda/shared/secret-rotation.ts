import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { errorName, log } from './log';

/** The four calls Secrets Manager makes to a rotation function, in this order (Secrets Manager: "Lambda rotation functions"). */
export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

export interface RotationEvent {
  readonly SecretId: string;
  /** Version id of the new (AWSPENDING) value. */
  readonly ClientRequestToken: string;
  readonly Step: RotationStep;
}

/** Validates the invocation, naming every bad field. */
export function parseRotationEvent(event: unknown): RotationEvent {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of ['SecretId', 'ClientRequestToken'] as const) {
    if (typeof e[field] !== 'string' || e[field] === '') problems.push(`${field} must be a non-empty string (got ${JSON.stringify(e[field])})`);
  }
  if (!(ROTATION_STEPS as readonly unknown[]).includes(e.Step)) problems.push(`Step must be one of ${ROTATION_STEPS.join(', ')} (got ${JSON.stringify(e.Step)})`);
  if (problems.length > 0) throw new Error(`Not a Secrets Manager rotation event: ${problems.join('; ')}`);
  return e as unknown as RotationEvent;
}

export interface VersionCheck {
  /** The token is already AWSCURRENT: the rotation finished before, nothing to do. */
  readonly alreadyCurrent: boolean;
  /** Version id holding AWSCURRENT. */
  readonly currentVersionId: string;
  /** Tags of the secret. */
  readonly tags: Readonly<Record<string, string>>;
}

/** The checks of AWS's rotation templates: rotation on, and the token is a version staged AWSPENDING. */
export async function checkRotationVersion(sm: SecretsManagerClient, event: RotationEvent): Promise<VersionCheck> {
  const d = await sm.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
  if (d.RotationEnabled !== true) throw new Error(`Secret ${d.Name ?? event.SecretId} does not have rotation enabled`);
  const versions = d.VersionIdsToStages ?? {};
  const stages = versions[event.ClientRequestToken];
  if (stages === undefined) throw new Error(`Secret ${d.Name ?? event.SecretId} has no version ${event.ClientRequestToken} to rotate to`);
  const currentVersionId = Object.keys(versions).find((v) => versions[v].includes('AWSCURRENT'));
  if (currentVersionId === undefined) throw new Error(`Secret ${d.Name ?? event.SecretId} has no AWSCURRENT version`);
  const alreadyCurrent = stages.includes('AWSCURRENT');
  if (!alreadyCurrent && !stages.includes('AWSPENDING')) throw new Error(`Version ${event.ClientRequestToken} of secret ${d.Name ?? event.SecretId} is not staged AWSPENDING`);
  const tags = Object.fromEntries((d.Tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? '']));
  return { alreadyCurrent, currentVersionId, tags };
}

/** A version's string value by stage (and version id); undefined when that version does not exist. */
export async function readVersion(sm: SecretsManagerClient, secretId: string, stage: 'AWSCURRENT' | 'AWSPENDING' | 'AWSPREVIOUS', versionId?: string): Promise<string | undefined> {
  try {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, VersionId: versionId }));
    return out.SecretString;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** A version's string value; fails naming the stage when it is missing or empty. */
export async function requireVersion(sm: SecretsManagerClient, secretId: string, stage: 'AWSCURRENT' | 'AWSPENDING', versionId?: string): Promise<string> {
  const value = await readVersion(sm, secretId, stage, versionId);
  if (value === undefined || value === '') throw new Error(`Secret ${secretId} has no ${stage} string value${versionId ? ` for version ${versionId}` : ''}`);
  return value;
}

/** A new random value from Secrets Manager. */
export async function randomPassword(
  sm: SecretsManagerClient,
  options: { readonly length: number; readonly excludeCharacters?: string; readonly excludePunctuation?: boolean; readonly requireEachIncludedType?: boolean },
): Promise<string> {
  const out = await sm.send(
    new GetRandomPasswordCommand({
      PasswordLength: options.length,
      ExcludeCharacters: options.excludeCharacters,
      ExcludePunctuation: options.excludePunctuation,
      RequireEachIncludedType: options.requireEachIncludedType ?? false,
    }),
  );
  if (!out.RandomPassword) throw new Error('GetRandomPassword returned no value');
  return out.RandomPassword;
}

/** createSecret: stores `value` as the AWSPENDING version of the token, unless it already exists (a retried step). */
export async function putPendingOnce(sm: SecretsManagerClient, event: RotationEvent, makeValue: () => Promise<string>): Promise<boolean> {
  if ((await readVersion(sm, event.SecretId, 'AWSPENDING', event.ClientRequestToken)) !== undefined) {
    log('info', 'createSecret: the pending version exists already', { secretId: event.SecretId, version: event.ClientRequestToken });
    return false;
  }
  await sm.send(
    new PutSecretValueCommand({ SecretId: event.SecretId, ClientRequestToken: event.ClientRequestToken, SecretString: await makeValue(), VersionStages: ['AWSPENDING'] }),
  );
  log('info', 'createSecret: stored the pending version', { secretId: event.SecretId, version: event.ClientRequestToken });
  return true;
}

/** finishSecret: moves AWSCURRENT to the token's version; AWSPREVIOUS follows the old one. */
export async function promotePending(sm: SecretsManagerClient, event: RotationEvent, check: VersionCheck): Promise<void> {
  if (check.alreadyCurrent) return;
  await sm.send(
    new UpdateSecretVersionStageCommand({
      SecretId: event.SecretId,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: event.ClientRequestToken,
      RemoveFromVersionId: check.currentVersionId,
    }),
  );
  log('info', 'finishSecret: the pending version is current', { secretId: event.SecretId, version: event.ClientRequestToken });
}
