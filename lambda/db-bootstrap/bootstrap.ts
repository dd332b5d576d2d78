import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { log } from '../shared/log';
import { ensureAppUser, ensureHealthCheckUser, UserAdmin } from './database-user';
import { AdminConnection } from './mongo-user-admin';
import { forceNewDeployment, ServiceRef } from './redeploy';
import { readSecretFields, secretLabel } from './secrets';
import { BootstrapProperties } from './settings';
import { syncConnectionUrls } from './sync-urls';

export interface BootstrapDeps {
  readonly secrets: SecretsManagerClient;
  readonly ecs: ECSClient;
  /** Opens a master-user connection; tests pass a fake. */
  readonly connect: (connection: AdminConnection) => Promise<UserAdmin>;
  /** CA bundle of the Lambda runtime, for the bootstrap's own connection. */
  readonly caFile: string;
  /** The backend service, restarted when a URL changed. @default none */
  readonly service?: ServiceRef;
}

export interface BootstrapResult {
  readonly username: string;
  readonly userAction: 'created' | 'updated';
  /** What happened to the health check's read-only user, when one is configured. */
  readonly healthCheckUserAction?: 'created' | 'updated';
  readonly databaseUrlChanged: boolean;
  readonly redisUrlChanged: boolean;
  readonly redeployed: boolean;
}

/** Creates or updates the application user, then writes the two URL secrets. Idempotent. */
export async function bootstrapDatabase(deps: BootstrapDeps, props: BootstrapProperties): Promise<BootstrapResult> {
  const master = await readSecretFields(deps.secrets, props.masterSecretArn, ['username', 'password'] as const);
  const app = await readSecretFields(deps.secrets, props.appUserSecretArn, ['username', 'password'] as const);
  if (app.username === master.username) {
    // updateUser would strip the master user's roles down to readWrite.
    throw new Error(`Secret ${secretLabel(props.appUserSecretArn)} names the master user "${app.username}"; the application user must be a different user`);
  }
  const health = props.healthCheckUserSecretArn === undefined ? undefined : await readSecretFields(deps.secrets, props.healthCheckUserSecretArn, ['username', 'password'] as const);
  if (health !== undefined && (health.username === master.username || health.username === app.username)) {
    // updateUser would cut that user's roles down to read.
    throw new Error(
      `Secret ${secretLabel(props.healthCheckUserSecretArn!)} names the ${health.username === master.username ? 'master' : 'application'} user "${health.username}"; the health check's user must be a user of its own`,
    );
  }

  const admin = await deps.connect({
    endpoint: props.clusterEndpoint,
    port: props.clusterPort,
    username: master.username,
    password: master.password,
    replicaSet: props.replicaSet,
    caFile: deps.caFile,
  });
  let userAction: 'created' | 'updated';
  let healthCheckUserAction: 'created' | 'updated' | undefined;
  try {
    userAction = await ensureAppUser(admin, { username: app.username, password: app.password, databaseName: props.databaseName });
    if (health !== undefined)
      healthCheckUserAction = await ensureHealthCheckUser(admin, { username: health.username, password: health.password, databaseName: props.databaseName });
  } finally {
    await admin.close();
  }
  log('info', `application user ${userAction}`, { username: app.username, database: props.databaseName, role: 'readWrite' });
  if (health !== undefined) log('info', `health check user ${healthCheckUserAction}`, { username: health.username, database: props.databaseName, role: 'read' });

  const urls = await syncConnectionUrls(deps.secrets, props);
  log('info', 'connection URL secrets synchronized', {
    databaseUrlSecret: secretLabel(props.databaseUrlSecretArn),
    databaseUrlChanged: urls.databaseUrlChanged,
    redisUrlSecret: secretLabel(props.redisUrlSecretArn),
    redisUrlChanged: urls.redisUrlChanged,
  });
  const changed = urls.databaseUrlChanged || urls.redisUrlChanged;
  const redeployed = changed && deps.service !== undefined ? await forceNewDeployment(deps.ecs, deps.service) : false;
  return {
    username: app.username,
    userAction,
    ...(healthCheckUserAction === undefined ? {} : { healthCheckUserAction }),
    databaseUrlChanged: urls.databaseUrlChanged,
    redisUrlChanged: urls.redisUrlChanged,
    redeployed,
  };
}
