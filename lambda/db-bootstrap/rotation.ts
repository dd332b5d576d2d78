import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { log } from '../shared/log';
import { forceNewDeployment, ServiceRef } from './redeploy';
import { secretLabel } from './secrets';
import { UrlSettings } from './settings';
import { syncConnectionUrls } from './sync-urls';

/** The EventBridge event of a Secrets Manager CloudTrail entry (only the fields read here). */
export interface SecretChangeEvent {
  readonly source: string;
  readonly 'detail-type': string;
  readonly detail: {
    readonly eventName?: string;
    readonly errorCode?: string;
    readonly additionalEventData?: { readonly SecretId?: string };
    readonly requestParameters?: { readonly secretId?: string } | null;
    readonly responseElements?: { readonly arn?: string; readonly aRN?: string } | null;
  };
}

// RotationSucceeded is a service event; PutSecretValue and UpdateSecret are API calls.
const DETAIL_TYPES = ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'];
const EVENT_NAMES = ['RotationSucceeded', 'PutSecretValue', 'UpdateSecret'];

/** An event from Secrets Manager; throws when one comes without the detail object every EventBridge event has. */
export function isSecretChangeEvent(event: unknown): event is SecretChangeEvent {
  const e = event as Partial<SecretChangeEvent> | null;
  if (typeof e !== 'object' || e === null || e.source !== 'aws.secretsmanager') return false;
  if (typeof e.detail !== 'object' || e.detail === null)
    throw new Error(`Invalid Secrets Manager change event: expected a detail object, got ${JSON.stringify(e.detail) ?? 'nothing'}`);
  return true;
}

/** The secret a successful change event is about (ARN, partial ARN or name), if any. */
export function changedSecretId(event: SecretChangeEvent): string | undefined {
  const d = event.detail;
  if (!DETAIL_TYPES.includes(event['detail-type']) || !EVENT_NAMES.includes(d.eventName ?? '') || d.errorCode !== undefined) return undefined;
  return d.additionalEventData?.SecretId ?? d.responseElements?.arn ?? d.responseElements?.aRN ?? d.requestParameters?.secretId;
}

/** CloudTrail names a secret by full ARN, by ARN without the random suffix, or by name. */
export function sameSecret(id: string, arn: string): boolean {
  const partialArn = arn.replace(/-[A-Za-z0-9]{6}$/, '');
  const name = secretLabel(partialArn);
  return id === arn || id === partialArn || id === name;
}

export interface SecretChangeDeps {
  readonly secrets: SecretsManagerClient;
  readonly ecs: ECSClient;
  readonly service?: ServiceRef;
}

export interface SecretChangeResult {
  readonly handled: boolean;
  readonly databaseUrlChanged: boolean;
  readonly redisUrlChanged: boolean;
  readonly redeployed: boolean;
}

const IGNORED: SecretChangeResult = { handled: false, databaseUrlChanged: false, redisUrlChanged: false, redeployed: false };

/**
 * After the application user's password or the Redis token changed, re-composes both URLs
 * and, when one differs, restarts the backend so its tasks read the new value. The
 * AWSPENDING step of a rotation leaves AWSCURRENT (and so the URLs) unchanged: no restart.
 */
export async function handleSecretChange(deps: SecretChangeDeps, settings: UrlSettings, event: SecretChangeEvent): Promise<SecretChangeResult> {
  const id = changedSecretId(event);
  const watched = [settings.appUserSecretArn, settings.redisAuthTokenSecretArn];
  if (id === undefined || !watched.some((arn) => sameSecret(id, arn))) {
    log('info', 'event ignored: not a change of the application user or Redis token secret', { eventName: event.detail.eventName, secretId: id });
    return IGNORED;
  }
  const urls = await syncConnectionUrls(deps.secrets, settings);
  const changed = urls.databaseUrlChanged || urls.redisUrlChanged;
  if (changed && deps.service === undefined) log('warn', 'URLs changed but ECS_CLUSTER/ECS_SERVICE are not set: running tasks keep the old URL until they restart');
  const redeployed = changed && deps.service !== undefined ? await forceNewDeployment(deps.ecs, deps.service) : false;
  log('info', 'secret change handled', {
    eventName: event.detail.eventName,
    secret: secretLabel(id),
    databaseUrlChanged: urls.databaseUrlChanged,
    redisUrlChanged: urls.redisUrlChanged,
    redeployed,
  });
  return { handled: true, databaseUrlChanged: urls.databaseUrlChanged, redisUrlChanged: urls.redisUrlChanged, redeployed };
}
