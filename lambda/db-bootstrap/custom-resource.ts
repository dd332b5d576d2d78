import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { log } from '../shared/log';
import { checkProviderRequest } from '../shared/provider-request';
import type { OnEventResponse } from '../shared/provider-types';
import { bootstrapDatabase, BootstrapDeps } from './bootstrap';
import { parseBootstrapProperties } from './settings';

/**
 * Create/Update bootstrap the user and the URLs; Delete does nothing, because removing the
 * resource must never drop the user or the data.
 */
export async function handleBootstrapEvent(event: CloudFormationCustomResourceEvent, deps: BootstrapDeps): Promise<OnEventResponse> {
  checkProviderRequest(event, 'CloudFormation custom resource event', {
    expected: 'a Create, Update or Delete request of the Provider framework, or a Secrets Manager change event',
  });
  if (event.RequestType === 'Delete') {
    log('info', 'delete: nothing to do (the user and the data stay)', { physicalResourceId: event.PhysicalResourceId });
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const props = parseBootstrapProperties(event.ResourceProperties);
  const result = await bootstrapDatabase(deps, props);
  const physicalResourceId = event.RequestType === 'Update' ? event.PhysicalResourceId : `db-bootstrap-${props.databaseName}`;
  return {
    PhysicalResourceId: physicalResourceId,
    Data: {
      Username: result.username,
      UserAction: result.userAction,
      ...(result.healthCheckUserAction === undefined ? {} : { HealthCheckUserAction: result.healthCheckUserAction }),
      DatabaseUrlChanged: String(result.databaseUrlChanged),
      RedisUrlChanged: String(result.redisUrlChanged),
    },
  };
}
