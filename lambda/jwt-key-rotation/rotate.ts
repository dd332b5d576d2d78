import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { forceNewDeployment, ServiceRef } from '../db-bootstrap/redeploy';
import { log } from '../shared/log';
import { checkRotationVersion, promotePending, putPendingOnce, randomPassword, requireVersion, RotationEvent } from '../shared/secret-rotation';
import { formatKeySet, KEY_LENGTH, keySetProblems, parseKeySet, rotateKeySet } from './key-set';

export interface JwtRotationDeps {
  readonly secrets: SecretsManagerClient;
  readonly ecs: ECSClient;
  /** The backend service, redeployed after the new keys are current (tasks read secrets at start). */
  readonly service?: ServiceRef;
}

export interface JwtRotationResult {
  readonly redeployed: boolean;
}

/**
 * One step of the JWT signing key rotation. Nothing outside Secrets Manager holds the key, so
 * setSecret has nothing to do; finishSecret makes the new set current and redeploys the backend.
 */
export async function rotateJwtKey(deps: JwtRotationDeps, event: RotationEvent): Promise<JwtRotationResult> {
  const check = await checkRotationVersion(deps.secrets, event);
  // A retried finishSecret still redeploys: the promotion may have worked and the redeploy not.
  if (check.alreadyCurrent && event.Step !== 'finishSecret') {
    log('info', 'version already current; nothing to do', { step: event.Step, version: event.ClientRequestToken });
    return { redeployed: false };
  }
  switch (event.Step) {
    case 'createSecret':
      await putPendingOnce(deps.secrets, event, async () => {
        const current = parseKeySet(await requireVersion(deps.secrets, event.SecretId, 'AWSCURRENT'));
        return formatKeySet(rotateKeySet(current, await randomPassword(deps.secrets, { length: KEY_LENGTH, excludePunctuation: true })));
      });
      return { redeployed: false };
    case 'setSecret':
      return { redeployed: false };
    case 'testSecret': {
      const pending = parseKeySet(await requireVersion(deps.secrets, event.SecretId, 'AWSPENDING', event.ClientRequestToken));
      const current = parseKeySet(await requireVersion(deps.secrets, event.SecretId, 'AWSCURRENT'));
      const problems = keySetProblems(pending);
      // Running tasks must already accept the new signing key: it was their `next` (or is their `current`).
      if (pending.current !== current.next && pending.current !== current.current) problems.push('the new signing key was not announced as "next" before');
      if (problems.length > 0) throw new Error(`testSecret: the pending JWT key set is unusable: ${problems.join('; ')}`);
      return { redeployed: false };
    }
    case 'finishSecret': {
      await promotePending(deps.secrets, event, check);
      if (deps.service === undefined) {
        log('warn', 'JWT keys rotated but ECS_CLUSTER/ECS_SERVICE are not set: running tasks keep the old keys until they restart');
        return { redeployed: false };
      }
      return { redeployed: await forceNewDeployment(deps.ecs, deps.service) };
    }
  }
}
