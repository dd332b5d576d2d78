import { DescribeSecretCommand, RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Fault, FaultState } from './types';

/**
 * Rotates secrets while the traffic probe runs: the rotation is the change, so there is nothing
 * to restore. Done when no version is left AWSPENDING (Secrets Manager, "How rotation works").
 */
export function secretRotationFault(secrets: SecretsManagerClient, secretIds: readonly string[]): Fault {
  const rotating: string[] = [];
  return {
    async start() {
      for (const id of secretIds) {
        await secrets.send(new RotateSecretCommand({ SecretId: id }));
        rotating.push(id);
      }
      return `rotation of ${secretIds.join(', ')}`;
    },
    async poll(): Promise<FaultState> {
      const pending: string[] = [];
      for (const id of rotating) {
        const versions = (await secrets.send(new DescribeSecretCommand({ SecretId: id }))).VersionIdsToStages ?? {};
        if (Object.values(versions).some((stages) => stages.includes('AWSPENDING'))) pending.push(id);
      }
      return pending.length === 0 ? { state: 'done', detail: 'every rotation finished' } : { state: 'running', detail: `pending: ${pending.join(', ')}` };
    },
    cleanup() {
      if (rotating.length === 0) return Promise.resolve(['no rotation was started']);
      return Promise.resolve([`nothing to restore: ${rotating.join(', ')} keep their new values; a rotation still pending finishes or fails on its own (docs/secret-rotation.md)`]);
    },
  };
}
