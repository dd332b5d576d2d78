import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { serviceFromEnv } from '../db-bootstrap/redeploy';
import { parseRotationEvent } from '../shared/secret-rotation';
import { JwtRotationResult, rotateJwtKey } from './rotate';

const secrets = new SecretsManagerClient({ maxAttempts: 5 });
const ecs = new ECSClient({ maxAttempts: 5 });

/** Secrets Manager rotation function of the JWT signing key set. */
export async function handler(event: unknown): Promise<JwtRotationResult> {
  return rotateJwtKey({ secrets, ecs, service: serviceFromEnv(process.env) }, parseRotationEvent(event));
}
