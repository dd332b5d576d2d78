import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { errorName, log } from '../shared/log';

export interface ServiceRef {
  readonly cluster: string;
  readonly service: string;
}

/** ECS_CLUSTER and ECS_SERVICE, when both are set. */
export function serviceFromEnv(env: NodeJS.ProcessEnv): ServiceRef | undefined {
  const cluster = env.ECS_CLUSTER ?? '';
  const service = env.ECS_SERVICE ?? '';
  return cluster !== '' && service !== '' ? { cluster, service } : undefined;
}

/**
 * Tasks read their secrets only at start, so a changed URL reaches them through a new
 * deployment. A service that does not exist yet (first deploy) will start with the new URL.
 */
export async function forceNewDeployment(ecs: ECSClient, ref: ServiceRef): Promise<boolean> {
  try {
    await ecs.send(new UpdateServiceCommand({ cluster: ref.cluster, service: ref.service, forceNewDeployment: true }));
    log('info', 'forced a new deployment of the service', { cluster: ref.cluster, service: ref.service });
    return true;
  } catch (error) {
    const name = errorName(error);
    if (name === 'ServiceNotFoundException' || name === 'ServiceNotActiveException' || name === 'ClusterNotFoundException') {
      log('info', 'service not there yet; it will start with the current URLs', { cluster: ref.cluster, service: ref.service, reason: name });
      return false;
    }
    throw error;
  }
}
