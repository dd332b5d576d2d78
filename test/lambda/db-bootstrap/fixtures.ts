import { ECSClient } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { RoleGrant, UserAdmin } from '../../../lambda/db-bootstrap/database-user';
import { AdminConnection } from '../../../lambda/db-bootstrap/mongo-user-admin';
import { logSink } from '../../../lambda/shared/log';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:flashcard-lms/staging';
export const SECRETS = {
  master: `${ARN}/docdb-master-AbC123`,
  appUser: `${ARN}/docdb-app-user-DeF456`,
  databaseUrl: `${ARN}/database-url-GhI789`,
  redisUrl: `${ARN}/redis-url-JkL012`,
  redisToken: `${ARN}/redis-auth-token-MnO345`,
  healthCheckUser: `${ARN}/docdb-health-check-user-PqR678`,
} as const;

export const PROPERTIES = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
  MasterSecretArn: SECRETS.master,
  AppUserSecretArn: SECRETS.appUser,
  DatabaseUrlSecretArn: SECRETS.databaseUrl,
  RedisUrlSecretArn: SECRETS.redisUrl,
  RedisAuthTokenSecretArn: SECRETS.redisToken,
  ClusterEndpoint: 'staging-flashcard-lms.cluster-abc.eu-west-1.docdb.amazonaws.com',
  ClusterPort: '27017',
  DatabaseName: 'flashcard_lms',
  CaFilePath: '/app/certs/global-bundle.pem',
  RedisHost: 'master.staging-cache.abc.euw1.cache.amazonaws.com',
  RedisPort: '6379',
};

export const sm = mockClient(SecretsManagerClient);
export const ecs = mockClient(ECSClient);

/** An in-memory Secrets Manager: GetSecretValue reads, PutSecretValue writes. */
export function useSecrets(values: Partial<Record<keyof typeof SECRETS, string>>): Map<string, string> {
  const store = new Map<string, string>();
  for (const [key, value] of Object.entries(values)) store.set(SECRETS[key as keyof typeof SECRETS], value);
  sm.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => {
    const value = store.get(input.SecretId);
    if (value === undefined) throw Object.assign(new Error(`no secret ${input.SecretId}`), { name: 'ResourceNotFoundException' });
    return { SecretString: value };
  });
  sm.on(PutSecretValueCommand).callsFake((input: { SecretId: string; SecretString: string }) => {
    store.set(input.SecretId, input.SecretString);
    return {};
  });
  return store;
}

export const DEFAULT_SECRETS = {
  master: JSON.stringify({ username: 'lmsadmin', password: 'master-pass', host: 'h', port: 27017, engine: 'mongo' }),
  appUser: JSON.stringify({ username: 'lms_app', password: 'app-pass' }),
  databaseUrl: 'placeholder-generated-at-create',
  redisUrl: 'placeholder-generated-at-create',
  redisToken: 'token123',
};

export interface FakeAdmin extends UserAdmin {
  readonly calls: Array<{ op: string; username: string; password?: string; roles?: readonly RoleGrant[] }>;
  readonly connections: AdminConnection[];
  closed: number;
}

/** A UserAdmin over an in-memory user list; `connect` records the connection settings. */
export function fakeAdmin(existingUsers: string[]): { admin: FakeAdmin; connect: (c: AdminConnection) => Promise<UserAdmin> } {
  const users = new Set(existingUsers);
  const admin: FakeAdmin = {
    calls: [],
    connections: [],
    closed: 0,
    async userExists(username) {
      return users.has(username);
    },
    async createUser(username, password, roles) {
      admin.calls.push({ op: 'createUser', username, password, roles });
      users.add(username);
    },
    async updateUser(username, password, roles) {
      admin.calls.push({ op: 'updateUser', username, password, roles });
    },
    async close() {
      admin.closed += 1;
    },
  };
  return {
    admin,
    connect: async (c) => {
      admin.connections.push(c);
      return admin;
    },
  };
}

export function cfnEvent(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, string> = PROPERTIES): CloudFormationCustomResourceEvent {
  const base = {
    ServiceToken: PROPERTIES.ServiceToken,
    ResponseURL: 'https://example.invalid/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/flashcard-lms-staging-data/1',
    RequestId: 'req-1',
    LogicalResourceId: 'DatabaseBootstrap',
    ResourceType: 'Custom::DatabaseBootstrap',
    ResourceProperties: { ...properties, ServiceToken: PROPERTIES.ServiceToken },
  };
  if (requestType === 'Create') return { ...base, RequestType: 'Create' };
  if (requestType === 'Update') return { ...base, RequestType: 'Update', PhysicalResourceId: 'db-bootstrap-flashcard_lms', OldResourceProperties: base.ResourceProperties };
  return { ...base, RequestType: 'Delete', PhysicalResourceId: 'db-bootstrap-flashcard_lms' };
}

/** Captures the JSON log lines instead of printing them. */
export function captureLogs(): string[] {
  const lines: string[] = [];
  logSink.write = (level, entry) => lines.push(JSON.stringify({ level, ...entry }));
  return lines;
}
